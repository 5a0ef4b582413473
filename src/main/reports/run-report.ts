import type { StampedRecord } from '../engine/journal';
import { formatCommand } from '../../shared/plan-format';
import type { CheckResult, PlannedStep } from '../../shared/run-contract';
import { htmlText, preformatted } from './html-text';
import { formatSpan, localTime, type LocalTime } from '../../shared/local-time';
import {
  reportModel,
  type EndingKind,
  type ReportAttempt,
  type ReportModel,
  type ReportSession,
  type ReportStep,
  type StepOutcome,
} from './report-model';
import { REPORT_STYLE } from './report-style';
import { timelineSvg } from './report-timeline';

/**
 * A run's report: one HTML file made from its journal alone, that an operator can hand to a
 * manager or an auditor. It needs nothing beside it (the style is inline, the chart is inline
 * SVG, there is no script and nothing is fetched), every value in it is escaped, and the journal
 * it is made from never holds a secret.
 */

export interface ReportOptions {
  /** The IANA time zone of the computer the report is made on: its times are written in it. */
  timeZone: string;
  /** When the report is made. */
  madeAt: number;
  /** The version of the wizard making the report. */
  wizardVersion: string;
}

/** A step's output beyond this many lines is left to the journal: the report keeps the last ones. */
export const OUTPUT_LINES_SHOWN = 1000;

// The page may show nothing from elsewhere and run nothing, wherever it is opened.
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

export function buildRunReport(records: readonly StampedRecord[], options: ReportOptions): string {
  const model = reportModel(records);
  const time = localTime(options.timeZone);
  const title = `${model.flowTitle}: report of run ${model.runId}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${htmlText(CONTENT_SECURITY_POLICY)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${htmlText(title)}</title>`,
    `<style>${REPORT_STYLE}</style>`,
    '</head>',
    '<body>',
    header(model, time),
    '<main>',
    answersSection(model),
    ...model.sessions.map((session, index) => sessionSection(model, session, index, time)),
    timelineSection(model, time),
    stepsSection(model, time),
    verificationSection(model, time),
    endingSection(model, time),
    '</main>',
    footer(model, options, time),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** How each ending reads, in the report's banner and in the list of past runs. */
export const ENDING_WORDS: Record<EndingKind, { title: string; tone: 'good' | 'warn' | 'bad' }> = {
  succeeded: { title: 'Succeeded: completed and verified', tone: 'good' },
  abandoned: { title: 'Abandoned', tone: 'warn' },
  cancelled: { title: 'Cancelled', tone: 'warn' },
  failed: { title: 'Failed', tone: 'bad' },
  'verification-failed': { title: 'Not verified: the checks afterwards found problems', tone: 'bad' },
  interrupted: { title: 'Interrupted', tone: 'warn' },
  unfinished: { title: 'Not finished', tone: 'warn' },
};

function header(model: ReportModel, time: LocalTime): string {
  const first = model.sessions[0];
  const ending = ENDING_WORDS[model.ending.kind];
  const notRecorded = '<span class="muted">not recorded (a journal of an older version)</span>';
  const fact = (term: string, value: string | undefined, raw = false) =>
    `<dt>${htmlText(term)}</dt><dd>${value === undefined ? notRecorded : raw ? value : htmlText(value)}</dd>`;
  const drill = model.mode === 'drill';
  return [
    '<header>',
    drill
      ? '<p class="drill">DRILL — simulated site: no real server was changed</p>'
      : '<p class="drill">REAL SITE: these steps changed the site’s servers</p>',
    `<h1>${htmlText(model.flowTitle)}</h1>`,
    `<p class="subtitle">Report of run ${htmlText(model.runId)}</p>`,
    `<div class="ending ending-${ending.tone}"><strong>${htmlText(ending.title)}</strong>${htmlText(model.ending.message)}</div>`,
    '<dl class="facts">',
    fact('Site', model.siteName),
    fact('Kind of run', drill ? 'Drill, against the simulated site' : 'Real site'),
    fact('Computer', first?.computer === undefined ? undefined : `${first.computer}${drill ? ' (simulated)' : ''}`),
    fact('Operator account', first?.operatorAccount),
    fact('Wizard version', first?.wizardVersion),
    fact('Started', time.format(model.startedAt)),
    fact(endedLabel(model.ending.kind), time.format(model.ending.at)),
    fact('Elapsed', formatSpan(model.ending.at - model.startedAt)),
    fact(
      'Steps',
      `${count(model.steps, 'done')} done, ${count(model.steps, 'skipped')} skipped as already done, ${count(model.steps, 'failed')} failed, ${model.steps.length - count(model.steps, 'done') - count(model.steps, 'skipped') - count(model.steps, 'failed')} not finished, of ${model.steps.length}`,
    ),
    model.sessions.length > 1 ? fact('Resumed', `${model.sessions.length - 1} times`) : '',
    '</dl>',
    '</header>',
  ].join('\n');
}

function endedLabel(kind: EndingKind): string {
  if (kind === 'interrupted' || kind === 'unfinished') return 'Last journal record';
  return kind === 'failed' || kind === 'verification-failed' ? 'Stopped' : 'Ended';
}

function count(steps: readonly ReportStep[], outcome: StepOutcome): number {
  return steps.filter((step) => step.outcome === outcome).length;
}

function answersSection(model: ReportModel): string {
  return [
    '<section aria-labelledby="answers-heading">',
    '<h2 id="answers-heading">Answers</h2>',
    '<p>As the Summary page showed them. Passwords and other secrets are never recorded.</p>',
    table(
      'Answers',
      ['Answer', 'Value'],
      model.answers.map((answer) => [htmlText(answer.label), htmlText(answer.value)]),
    ),
    '</section>',
  ].join('\n');
}

function sessionSection(model: ReportModel, session: ReportSession, index: number, time: LocalTime): string {
  const id = `session-${index + 1}`;
  const heading = `${session.kind === 'started' ? 'Started' : 'Resumed'} ${time.format(session.at)}`;
  const who = [
    session.operatorAccount === undefined ? null : `by ${session.operatorAccount}`,
    session.computer === undefined ? null : `on ${session.computer}${model.mode === 'drill' ? ' (simulated)' : ''}`,
    session.wizardVersion === undefined ? null : `with wizard ${session.wizardVersion}`,
  ].filter((part): part is string => part !== null);
  return [
    `<section aria-labelledby="${id}-heading">`,
    `<h2 id="${id}-heading">${htmlText(heading)}</h2>`,
    who.length > 0 ? `<p>${htmlText(who.join(', '))}.</p>` : '',
    `<h3>Checks before the run</h3>`,
    session.checks.length > 0
      ? checksTable('Checks before the run', session.checks, session.acknowledgedWarnings)
      : '<p class="muted">No checks were recorded.</p>',
    `<h3>Confirmations</h3>`,
    confirmations(session),
    `<h3>The plan as confirmed</h3>`,
    session.plan
      ? planList(session.plan)
      : '<p class="muted">This journal does not record the plan (an older version of the wizard wrote it).</p>',
    '</section>',
  ].join('\n');
}

function confirmations(session: ReportSession): string {
  if (!session.confirmed) {
    return '<p class="status-fail">The journal records no confirmation: the steps did not start from this point.</p>';
  }
  const warnings = session.checks.filter((check) => session.acknowledgedWarnings.includes(check.id));
  const lines = [
    ...warnings.map((check) => `Acknowledged the warning “${htmlText(check.title)}”.`),
    ...session.typedConfirmations.map(
      (typed) =>
        `${typed.word === undefined ? 'Confirmed by typing' : `Typed <strong>${htmlText(typed.word)}</strong> to confirm`} “${htmlText(typed.title)}”${typed.warning ? `: ${htmlText(typed.warning)}` : '.'}`,
    ),
  ];
  if (lines.length === 0)
    return '<p>The operator started the run; no warning needed acknowledging and no step needed a typed confirmation.</p>';
  return `<ul>${lines.map((line) => `<li>${line}</li>`).join('')}</ul>`;
}

function planList(plan: readonly PlannedStep[]): string {
  const items = plan.map((step) => {
    const tags = [
      step.alreadyDone ? '<span class="tag">already done, skipped</span>' : '',
      step.destructive ? '<span class="tag tag-destructive">destructive</span>' : '',
    ].join('');
    const commands = step.commands.map((command) => {
      const { head, block, tail } = formatCommand(command);
      return `<pre>${preformatted([...head, ...block, ...tail].join('\n'))}</pre>`;
    });
    const warning = step.destructive ? `<p class="status-fail">${htmlText(step.destructive.warning)}</p>` : '';
    return `<li><strong>${htmlText(step.title)}</strong>${tags}${warning}${commands.join('')}</li>`;
  });
  return `<ol class="plan" aria-label="Plan">${items.join('\n')}</ol>`;
}

const CHECK_WORDS: Record<CheckResult['status'], string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed' };

function checksTable(label: string, checks: readonly CheckResult[], acknowledged: readonly string[] = []): string {
  return table(
    label,
    ['Result', 'Check', 'Expected', 'Found', 'What to do'],
    checks.map((check) => [
      `<span class="status status-${check.status}">${CHECK_WORDS[check.status]}</span>${
        check.status === 'warn' && acknowledged.includes(check.id) ? '<br>acknowledged' : ''
      }`,
      htmlText(check.title),
      optional(check.expected),
      optional(check.found),
      optional(check.remedy),
    ]),
  );
}

function optional(value: string | undefined): string {
  return value === undefined || value === '' ? '<span class="muted">—</span>' : htmlText(value);
}

function timelineSection(model: ReportModel, time: LocalTime): string {
  const timeline = timelineSvg(model.steps, time);
  if (!timeline.svg || timeline.origin === null) {
    return '<section aria-labelledby="timeline-heading"><h2 id="timeline-heading">Timeline</h2><p class="muted">No step started.</p></section>';
  }
  const breaks = timeline.breaks.map(
    (gap) => `nothing ran from ${time.format(gap.from)} to ${time.format(gap.to)} (${formatSpan(gap.to - gap.from)})`,
  );
  const swatch = (shape: string) => `<svg width="22" height="12" viewBox="0 0 22 12" aria-hidden="true">${shape}</svg>`;
  return [
    '<section class="timeline-section" aria-labelledby="timeline-heading">',
    '<h2 id="timeline-heading">Timeline</h2>',
    `<p>One lane per step, in the order of the plan. The axis counts the time since the first step started, ${htmlText(time.format(timeline.origin))}.${
      timeline.mostAtOnce > 1 ? ` At most ${timeline.mostAtOnce} steps ran at the same time.` : ''
    }${
      breaks.length > 0
        ? ` Stretches in which nothing ran are cut out of the axis (…): ${htmlText(breaks.join('; '))}.`
        : ''
    }${model.mode === 'drill' ? ' A drill runs faster than the real site.' : ''}</p>`,
    '<ul class="legend">',
    `<li>${swatch('<rect class="bar-done" x="1" y="1" width="20" height="10"/>')}done</li>`,
    `<li>${swatch('<rect class="bar-failed-ground" x="1" y="1" width="20" height="10"/><path class="bar-failed" d="M1 11l10-10h3l-10 10zM9 11l10-10h2l-10 10z"/>')}failed</li>`,
    `<li>${swatch('<rect class="bar-interrupted" x="2" y="2" width="18" height="8"/>')}interrupted</li>`,
    `<li>${swatch('<rect class="bar-running" x="1" y="1" width="20" height="10"/>')}running when the journal ends</li>`,
    `<li>${swatch('<path class="bar-skipped" d="M11 1l5 5l-5 5l-5 -5z"/>')}skipped, already done</li>`,
    '</ul>',
    `<div class="figure">${timeline.svg}</div>`,
    '</section>',
  ].join('\n');
}

const OUTCOME_WORDS: Record<StepOutcome, string> = {
  done: 'done',
  skipped: 'skipped: already done',
  failed: 'failed',
  interrupted: 'interrupted',
  running: 'running when the journal ends',
  'not-run': 'not run',
};

function stepsSection(model: ReportModel, time: LocalTime): string {
  const rows: string[] = [];
  model.steps.forEach((step, index) => {
    const number = `<td class="number" rowspan="${Math.max(1, step.attempts.length)}"><a href="#step-${index + 1}">${index + 1}</a></td>`;
    const name = `<td rowspan="${Math.max(1, step.attempts.length)}">${htmlText(step.title)}</td>`;
    if (step.attempts.length === 0) {
      rows.push(
        `<tr data-step="${htmlText(step.id)}">${number}${name}<td>—</td><td>—</td><td class="status result-not-run">not run</td></tr>`,
      );
      return;
    }
    step.attempts.forEach((attempt, attemptIndex) => {
      const head = attemptIndex === 0 ? `${number}${name}` : '';
      const label = step.attempts.length > 1 ? ` (attempt ${attemptIndex + 1})` : '';
      rows.push(
        `<tr data-step="${htmlText(step.id)}">${head}<td class="number">${htmlText(time.format(attempt.start))}</td><td class="number" data-duration-ms="${Math.round(attempt.durationMs)}">${htmlText(formatSpan(attempt.durationMs))}</td><td class="status result-${attempt.result}">${htmlText(OUTCOME_WORDS[attempt.result])}${htmlText(label)}</td></tr>`,
      );
    });
  });
  return [
    '<section aria-labelledby="steps-heading">',
    '<h2 id="steps-heading">Steps</h2>',
    `<table aria-label="Steps of the run"><thead><tr><th scope="col">#</th><th scope="col">Step</th><th scope="col">Started</th><th scope="col">Duration</th><th scope="col">Result</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`,
    ...model.steps.map((step, index) => stepDetails(step, index, time)),
    '</section>',
  ].join('\n');
}

function stepDetails(step: ReportStep, index: number, time: LocalTime): string {
  const attempts =
    step.attempts.length === 0
      ? ['<p class="muted">Not run.</p>']
      : step.attempts.map((attempt, attemptIndex) => attemptDetails(attempt, attemptIndex, step.attempts.length, time));
  return `<h3 id="step-${index + 1}">${index + 1}. ${htmlText(step.title)}</h3>\n${attempts.join('\n')}`;
}

function attemptDetails(attempt: ReportAttempt, index: number, total: number, time: LocalTime): string {
  const lead = total > 1 ? `Attempt ${index + 1}: ` : '';
  const parts = [
    `<p>${htmlText(`${lead}started ${time.format(attempt.start)}, ${formatSpan(attempt.durationMs)}, `)}<span class="status result-${attempt.result}">${htmlText(OUTCOME_WORDS[attempt.result])}</span>.</p>`,
  ];
  if (attempt.message !== undefined) {
    parts.push(`<p class="${attempt.result === 'failed' ? 'status-fail' : 'muted'}">${htmlText(attempt.message)}</p>`);
  }
  if (attempt.details !== undefined) parts.push(`<pre>${lines(attempt.details)}</pre>`);
  if (attempt.output.length > 0) {
    const omitted = Math.max(0, attempt.output.length - OUTPUT_LINES_SHOWN);
    if (omitted > 0) {
      parts.push(
        `<p class="muted">The first ${omitted.toLocaleString('en-US')} lines of its output are in the journal; the last ${OUTPUT_LINES_SHOWN.toLocaleString('en-US')} follow.</p>`,
      );
    }
    parts.push(`<pre aria-label="Output">${attempt.output.slice(omitted).map(htmlText).join('\n')}</pre>`);
  }
  return `<div class="attempt">${parts.join('\n')}</div>`;
}

/** A text of several lines, each escaped as the plan escapes a value. */
function lines(text: string): string {
  return text.split(/\r?\n/).map(htmlText).join('\n');
}

function verificationSection(model: ReportModel, time: LocalTime): string {
  const parts = [
    '<section aria-labelledby="verification-heading">',
    '<h2 id="verification-heading">Checks after the run</h2>',
  ];
  if (model.verifications.length === 0) {
    parts.push('<p class="muted">No checks were made after the steps: the run did not get that far.</p>');
  }
  model.verifications.forEach((verification, index) => {
    if (model.verifications.length > 1)
      parts.push(`<h3>${htmlText(`Verification ${index + 1}, ${time.format(verification.at)}`)}</h3>`);
    else parts.push(`<p>${htmlText(`Made ${time.format(verification.at)}.`)}</p>`);
    parts.push(checksTable('Checks after the run', verification.results));
  });
  parts.push('</section>');
  return parts.join('\n');
}

function endingSection(model: ReportModel, time: LocalTime): string {
  const ending = ENDING_WORDS[model.ending.kind];
  return [
    '<section aria-labelledby="ending-heading">',
    '<h2 id="ending-heading">How the run ended</h2>',
    `<p><strong>${htmlText(ending.title)}</strong> (${htmlText(time.format(model.ending.at))}).</p>`,
    `<p>${htmlText(model.ending.message)}</p>`,
    '</section>',
  ].join('\n');
}

function footer(model: ReportModel, options: ReportOptions, time: LocalTime): string {
  return `<footer><p>${htmlText(
    `Made from the journal ${model.runId}.jsonl by the System Center Recovery Wizard ${options.wizardVersion}, ${time.format(options.madeAt)}. Times are in ${time.timeZone}, the time zone of the computer the report was made on.`,
  )}</p></footer>`;
}

function table(label: string, headings: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = headings.map((heading) => `<th scope="col">${htmlText(heading)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table aria-label="${htmlText(label)}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}
