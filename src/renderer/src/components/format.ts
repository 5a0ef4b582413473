import type { PlannedCommand } from '../../../shared/run-contract';

export function formatDuration(ms: number): string {
  const seconds = Math.max(0, ms) / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const minutes = Math.floor(seconds / 60);
  const rest = Math.floor(seconds % 60);
  return `${minutes} min ${String(rest).padStart(2, '0')} s`;
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

function formatArgument(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return String(value);
  // Quotes only make a value with spaces (or none at all) readable as one argument; this text is never executed.
  return value === '' || /\s/.test(value) ? `'${value}'` : value;
}

/** The command as the operator would read it in a console: where it runs, then what runs. */
export function formatCommand(command: PlannedCommand): string {
  if (command.kind === 'powershell') {
    const args = Object.entries(command.args).map(([name, value]) => `-${name} ${formatArgument(value)}`);
    return [`${command.computer}  ${command.script}`, ...args].join(' ');
  }
  if (command.kind === 'program') {
    return [
      `${command.computer}  ${command.commandLine}`,
      ...(command.input ? [`Typed at its prompts: ${command.input}`] : []),
      ...(command.guidance ? ['You enter in its pages:', ...command.guidance.map((line) => `  ${line}`)] : []),
    ].join('\n');
  }
  const params = command.params.map(
    (param) => `${param.name.startsWith('@') ? param.name : `@${param.name}`} (${param.type}) = ${param.value}`,
  );
  return [`${command.server} / ${command.database}`, command.text, ...params].join('\n');
}
