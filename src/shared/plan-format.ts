import type { PlannedCommand, RunSnapshot } from './run-contract';
import { escapeBlockLine, escapeText } from './validation/display-escape';
import { formatMoment } from './local-time';

/**
 * The plan as the operator reads it, on the Summary page and in the text they copy or save: one
 * formatter for both, so that what is copied is what was shown. Every value is on one line with
 * its hidden characters escaped (display-escape.ts), so no value can start a line of its own;
 * T-SQL is the one multi-line text, and its lines are written as they are, never indented, so a
 * statement copied from the plan is the statement that runs. The header before it says how many
 * lines follow.
 */

/** A command's text: `head` and `tail` lines sit under their step; `block` lines are T-SQL, written as they are. */
export interface CommandText {
  head: string[];
  block: string[];
  tail: string[];
}

/** How far the plan text indents a step's commands. */
export const COMMAND_INDENT = '       ';

/** A string as a quoted value: hidden characters escaped, a single quote doubled, as PowerShell and T-SQL write it. */
export function quotedValue(value: string): string {
  return `'${escapeText(value).replaceAll("'", "''")}'`;
}

function powerShellValue(value: string | number | boolean): string {
  if (typeof value === 'boolean') return value ? '$true' : '$false';
  if (typeof value === 'number') return String(value);
  return quotedValue(value);
}

/** The lines of a T-SQL text and how they end: Windows line breaks when every one is CR LF. */
export function sqlLines(text: string): { lines: string[]; windows: boolean } {
  const windows = text.includes('\r\n') && text.split('\n').length === text.split('\r\n').length;
  return { lines: text.split(windows ? '\r\n' : '\n'), windows };
}

export function formatCommand(command: PlannedCommand): CommandText {
  if (command.kind === 'powershell') {
    const args = Object.entries(command.args).map(([name, value]) => ` -${escapeText(name)} ${powerShellValue(value)}`);
    return {
      head: [`on ${escapeText(command.computer)}: ${escapeText(command.script)}${args.join('')}`],
      block: [],
      tail: [],
    };
  }
  if (command.kind === 'program') {
    return {
      head: [
        // A fallback reads as one: under the command it stands in for, never as a second run.
        ...(command.fallbackFor === undefined
          ? []
          : [`${escapeText(command.fallbackFor)}, instead of the command above:`]),
        `on ${escapeText(command.computer)}: ${escapeText(command.commandLine)}`,
        ...(command.input === undefined ? [] : [`  Typed at its prompts: ${escapeText(command.input)}`]),
        ...(command.guidance === undefined
          ? []
          : ['  You enter in its pages:', ...command.guidance.map((line) => `    ${escapeText(line)}`)]),
      ],
      block: [],
      tail: [],
    };
  }
  const { lines, windows } = sqlLines(command.text);
  const count = `${lines.length} ${lines.length === 1 ? 'line' : 'lines'} of T-SQL${windows ? ' (Windows line breaks)' : ''}`;
  return {
    head: [`on ${escapeText(command.server)}, database ${escapeText(command.database)}, ${count}:`],
    block: lines.map(escapeBlockLine),
    tail: command.params.map(
      (param) =>
        `  ${param.name.startsWith('@') ? '' : '@'}${escapeText(param.name)} ${escapeText(param.type)} = ${quotedValue(param.value)}`,
    ),
  };
}

/** The command as one text, for a block on screen. */
export function commandText(command: PlannedCommand): string {
  const { head, block, tail } = formatCommand(command);
  return [...head, ...block, ...tail].join('\n');
}

/** The plan as plain text, for the operator to copy into a change record or save with the kit. */
export function formatPlanText(snapshot: RunSnapshot, siteName: string): string {
  const lines: string[] = [
    escapeText(snapshot.flowTitle),
    `Site: ${escapeText(siteName)} (${snapshot.mode === 'drill' ? 'DRILL — simulated site' : 'real site'})`,
    `Run: ${escapeText(snapshot.runId)}, prepared ${escapeText(formatMoment(snapshot.startedAt))}`,
    '',
    'Answers',
    ...snapshot.answersSummary.map((entry) => `  ${escapeText(entry.label)}: ${escapeText(entry.value)}`),
    '',
    'Checks',
    ...snapshot.checks.map((check) => {
      const evidence = [
        check.expected !== undefined ? `expected ${escapeText(check.expected)}` : '',
        check.found !== undefined ? `found ${escapeText(check.found)}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `  [${check.status.toUpperCase()}] ${escapeText(check.title)}${evidence ? ` (${evidence})` : ''}`;
    }),
    '',
    'Steps',
  ];
  snapshot.plan.forEach((step, index) => {
    const notes = [step.alreadyDone ? 'already done, will be skipped' : '', step.destructive ? 'DESTRUCTIVE' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${index + 1}. ${escapeText(step.title)}${notes ? ` [${notes}]` : ''}`);
    for (const command of step.commands) {
      const { head, block, tail } = formatCommand(command);
      lines.push(...head.map((line) => COMMAND_INDENT + line), ...block, ...tail.map((line) => COMMAND_INDENT + line));
    }
  });
  return `${lines.join('\n')}\n`;
}
