import type { PlannedCommand, RunSnapshot } from '../../shared/run-contract';

/** The plan as plain text, for the operator to copy into a change record or save with the kit. */
export function formatPlanText(snapshot: RunSnapshot, siteName: string): string {
  const lines: string[] = [
    `${snapshot.flowTitle}`,
    `Site: ${siteName} (${snapshot.mode === 'drill' ? 'DRILL — simulated site' : 'real site'})`,
    `Run: ${snapshot.runId}, prepared ${snapshot.startedAt}`,
    '',
    'Answers',
    ...snapshot.answersSummary.map((entry) => `  ${entry.label}: ${entry.value}`),
    '',
    'Checks',
    ...snapshot.checks.map((check) => {
      const evidence = [
        check.expected !== undefined ? `expected ${check.expected}` : '',
        check.found !== undefined ? `found ${check.found}` : '',
      ]
        .filter(Boolean)
        .join(', ');
      return `  [${check.status.toUpperCase()}] ${check.title}${evidence ? ` (${evidence})` : ''}`;
    }),
    '',
    'Steps',
  ];
  snapshot.plan.forEach((step, index) => {
    const notes = [step.alreadyDone ? 'already done, will be skipped' : '', step.destructive ? 'DESTRUCTIVE' : '']
      .filter(Boolean)
      .join(', ');
    lines.push(`  ${index + 1}. ${step.title}${notes ? ` [${notes}]` : ''}`);
    for (const command of step.commands) lines.push(...formatCommand(command).map((line) => `       ${line}`));
  });
  return `${lines.join('\n')}\n`;
}

export function formatCommand(command: PlannedCommand): string[] {
  if (command.kind === 'powershell') {
    const args = Object.entries(command.args).map(([name, value]) => `-${name} ${JSON.stringify(value)}`);
    return [`on ${command.computer}: ${command.script} ${args.join(' ')}`.trimEnd()];
  }
  if (command.kind === 'program') {
    return [
      `on ${command.computer}: ${command.commandLine}`,
      ...(command.input ? [`  input: ${command.input}`] : []),
      ...(command.guidance ? ['  you enter in its pages:', ...command.guidance.map((line) => `    ${line}`)] : []),
    ];
  }
  return [
    `on ${command.server}, database ${command.database}:`,
    ...command.text.split('\n').map((line) => `  ${line}`),
    ...command.params.map((param) => `  @${param.name} ${param.type} = ${JSON.stringify(param.value)}`),
  ];
}
