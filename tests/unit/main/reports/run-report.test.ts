import { describe, expect, it } from 'vitest';
import { readJournal, type JournalRecord, type StampedRecord } from '../../../../src/main/engine/journal';
import { buildRunReport, OUTPUT_LINES_SHOWN } from '../../../../src/main/reports/run-report';
import type { SiteManifest } from '../../../../src/shared/manifest';
import type { PlannedCommand } from '../../../../src/shared/run-contract';
import { escapeText } from '../../../../src/shared/validation/display-escape';
import { hostileStrings } from '../../../support/hostile-strings';
import { createHarness, PROMOTE_ANSWERS, PROMOTE_STEP_IDS, sampleManifest } from '../../support/harness';
import { attribute, elements, parseHtml, select, textOf, type Element } from '../../support/html-tree';
import { runStarted, stamped } from '../../support/journal-records';
import { runToEnd } from '../../support/run-to-end';

const OPTIONS = { timeZone: 'Europe/Berlin', madeAt: Date.parse('2026-12-02T09:00:00Z'), wizardVersion: '0.1.0' };
const RUNNER = { operatorAccount: 'CONTOSO\\operator', wizardVersion: '0.1.0' };
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} CES?T \(UTC\+0[12]:00\)$/;
// Characters an operator could not see or that change lines, raw; display-escape.ts writes them as {U+XXXX}.
const HIDDEN = /[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u;

function report(records: readonly StampedRecord[]) {
  const html = buildRunReport(records, OPTIONS);
  const { document, errors } = parseHtml(html);
  return { html, document, errors };
}

/** The rows of a table, each as the text of its cells. */
function rows(table: Element | undefined): string[][] {
  if (!table) return [];
  return select(table, 'tr')
    .filter((row) => select(row, 'td').length > 0)
    .map((row) => select(row, 'td').map((cell) => textOf(cell)));
}

function tables(root: Element | ReturnType<typeof parseHtml>['document'], label: string): Element[] {
  return select(root, 'table').filter((table) => attribute(table, 'aria-label') === label);
}

function fact(document: ReturnType<typeof parseHtml>['document'], term: string): string | undefined {
  const terms = select(document, 'dt');
  const found = terms.find((dt) => textOf(dt) === term);
  const list = select(document, 'dl')[0];
  if (!found || !list) return undefined;
  const children = list.childNodes.filter((node): node is Element => 'tagName' in node);
  return textOf(children[children.indexOf(found) + 1] ?? list);
}

/** Everything the report could load or run: it must have none of it. */
function reachesOut(document: ReturnType<typeof parseHtml>['document']): string[] {
  const found: string[] = [];
  for (const element of elements(document)) {
    if (
      ['script', 'link', 'iframe', 'img', 'object', 'embed', 'base', 'form', 'audio', 'video'].includes(element.tagName)
    ) {
      found.push(`<${element.tagName}>`);
    }
    for (const attr of element.attrs) {
      if (/^on/i.test(attr.name)) found.push(`${element.tagName} ${attr.name}`);
      if (['src', 'srcset', 'action', 'xlink:href'].includes(attr.name)) found.push(`${element.tagName} ${attr.name}`);
      if (attr.name === 'href' && !attr.value.startsWith('#')) found.push(`${element.tagName} href=${attr.value}`);
    }
  }
  const style = select(document, 'style').map(textOf).join('\n');
  for (const match of style.matchAll(/url\(([^)]*)\)|@import/g)) {
    if (match[1] !== '#failed-stripes') found.push(`style ${match[0]}`);
  }
  return found;
}

function fiftyRunbookServers(): SiteManifest {
  const manifest = sampleManifest();
  for (let index = 3; index <= 49; index += 1) {
    const name = `SCORCHRB${String(index).padStart(2, '0')}`;
    manifest.servers.push({
      netbiosName: name,
      fqdn: `${name.toLowerCase()}.contoso.local`,
      roles: ['orchestrator-runbook-server'],
      installDirectory: 'C:\\Program Files (x86)\\Microsoft System Center\\Orchestrator',
      productVersion: '10.22.2.0',
    });
  }
  return manifest;
}

describe('the report of a drill run, from its journal alone', () => {
  it('of a promotion: who, where, every check with its evidence, the plan, the typed word, every step and duration, the verification', async () => {
    const harness = createHarness({ runner: RUNNER });
    const done = await runToEnd(harness, 'promote-management-server', PROMOTE_ANSWERS);
    expect(done.phase).toBe('succeeded');
    const records = readJournal(done.journalPath);
    const { document, errors } = report(records);
    expect(errors).toEqual([]);
    expect(reachesOut(document)).toEqual([]);

    expect(textOf(select(document, 'h1')[0] ?? document)).toBe('Promote a Service Manager management server');
    expect(fact(document, 'Site')).toBe('Contoso production (drill)');
    expect(fact(document, 'Kind of run')).toBe('Drill, against the simulated site');
    expect(fact(document, 'Computer')).toBe('SCSM02 (simulated)');
    expect(fact(document, 'Operator account')).toBe('CONTOSO\\operator');
    expect(fact(document, 'Wizard version')).toBe('0.1.0');
    expect(fact(document, 'Started')).toMatch(LOCAL_TIME);
    expect(fact(document, 'Ended')).toMatch(LOCAL_TIME);

    const checks = rows(tables(document, 'Checks before the run')[0]);
    expect(checks.map((row) => row[1])).toEqual(done.checks.map((check) => check.title));
    done.checks.forEach((check, index) => {
      expect(checks[index]?.slice(2), check.title).toEqual([
        check.expected ?? '—',
        check.found ?? '—',
        check.remedy ?? '—',
      ]);
    });

    const plan = select(document, 'ol', 'plan')[0];
    expect(plan && textOf(plan)).toContain('EXEC dbo.p_PromoteActiveWorkflowServer @fqdn');
    expect(plan && textOf(plan)).toContain("@fqdn nvarchar = 'scsm02.contoso.local'");
    const confirmations = select(document, 'li').map(textOf);
    expect(confirmations).toContain(
      `Typed DELETE to confirm “Delete the Health Service State folder”: ${done.plan.find((step) => step.id === 'delete-health-service-state')?.destructive?.warning}`,
    );

    const steps = tables(document, 'Steps of the run')[0];
    const stepRows = select(steps ?? document, 'tr').filter((row) => attribute(row, 'data-step'));
    expect(stepRows.map((row) => attribute(row, 'data-step'))).toEqual(PROMOTE_STEP_IDS);
    const finished = new Map(
      records.flatMap((record) => (record.type === 'step-finished' ? [[record.stepId, record.durationMs]] : [])),
    );
    for (const row of stepRows) {
      const cells = select(row, 'td');
      const duration = cells.find((cell) => attribute(cell, 'data-duration-ms') !== undefined);
      expect(Number(attribute(duration ?? row, 'data-duration-ms'))).toBe(
        finished.get(attribute(row, 'data-step') ?? ''),
      );
      expect(cells.map(textOf)).toContain('done');
      expect(cells.some((cell) => LOCAL_TIME.test(textOf(cell)))).toBe(true);
    }

    const bars = select(document, 'rect', 'bar');
    expect(bars.map((bar) => attribute(bar, 'data-step'))).toEqual(PROMOTE_STEP_IDS);
    expect(rows(tables(document, 'Checks after the run')[0]).map((row) => row[1])).toEqual(
      done.verification.map((check) => check.title),
    );
    expect(textOf(select(document, 'section').at(-1) ?? document)).toContain(
      'Promote a Service Manager management server: completed and verified.',
    );
  });

  it('of an Orchestrator recovery with fifty runbook servers: a lane and a bar for each, ten at a time', async () => {
    const harness = createHarness({ manifest: fiftyRunbookServers(), runner: RUNNER });
    const flow = harness.runs.flow('recover-orchestrator-database');
    const done = await runToEnd(harness, flow.id, await flow.defaults(harness.ctx()));
    expect(done.phase).toBe('succeeded');
    const records = readJournal(done.journalPath);
    const started = performance.now();
    const html = buildRunReport(records, OPTIONS);
    const buildMs = performance.now() - started;
    const { document, errors } = parseHtml(html);
    expect(errors).toEqual([]);
    const runbookBars = select(document, 'rect', 'bar').filter((bar) =>
      attribute(bar, 'data-step')?.startsWith('runbook-server-scorchrb'),
    );
    expect(runbookBars).toHaveLength(49);
    expect(select(document, 'rect', 'bar').map((bar) => attribute(bar, 'data-step'))).toEqual(
      done.steps.map((step) => step.id),
    );
    const caption = select(document, 'section', 'timeline-section').map(textOf).join('');
    expect(caption).toMatch(/At most (10|[2-9]) steps ran at the same time\./);
    const stepRows = select(tables(document, 'Steps of the run')[0] ?? document, 'tr').filter((row) =>
      attribute(row, 'data-step'),
    );
    expect(stepRows).toHaveLength(done.steps.length);
    console.log(
      `Report of an Orchestrator recovery with 50 runbook servers (${done.steps.length} steps, ${records.length} journal records): ${html.length.toLocaleString('en-US')} bytes, built in ${buildMs.toFixed(1)} ms.`,
    );
  });
});

/** A journal with `value` in every string the report shows: names, answers, evidence, commands, output, messages. */
function journalCarrying(value: string): StampedRecord[] {
  const commands: PlannedCommand[] = [
    { kind: 'powershell', computer: value, script: value, args: { [value]: value } },
    { kind: 'sql', server: value, database: value, text: value, params: [{ name: value, type: value, value }] },
    { kind: 'program', computer: value, commandLine: value, input: value, guidance: [value] },
  ];
  const check = { id: 'check', title: value, status: 'warn', expected: value, found: value, remedy: value } as const;
  const records: [number, JournalRecord][] = [
    [
      0,
      runStarted({
        flowTitle: value,
        siteName: value,
        operatorAccount: value,
        computer: value,
        wizardVersion: value,
        answersSummary: [{ label: value, value }],
        steps: [
          { id: value, title: value },
          { id: 'second', title: 'The second step' },
        ],
      }),
    ],
    [10, { type: 'checks', results: [check] }],
    [
      20,
      {
        type: 'confirmed',
        acknowledgedWarnings: ['check'],
        confirmedSteps: [value],
        plan: [
          {
            id: value,
            title: value,
            commands,
            alreadyDone: false,
            destructive: { warning: value, confirmWord: value },
          },
          { id: 'second', title: 'The second step', commands: [], alreadyDone: false },
        ],
      },
    ],
    [100, { type: 'step-started', stepId: value }],
    [200, { type: 'step-output', stepId: value, line: value }],
    [1100, { type: 'step-finished', stepId: value, durationMs: 1000 }],
    [1200, { type: 'step-started', stepId: 'second' }],
    [2200, { type: 'step-failed', stepId: 'second', message: value, details: `${value}\n${value}` }],
    [2300, { type: 'verification', results: [{ ...check, id: 'after', status: 'fail' }] }],
    [2400, { type: 'run-abandoned', reason: value }],
  ];
  return stamped('2026-12-02T08:14:00Z', records);
}

/** The document's shape: every element with its attributes, less the values that carry the run's own text. */
function shape(document: ReturnType<typeof parseHtml>['document']): string[] {
  return [...elements(document)].map(
    (element) =>
      `${element.tagName}[${element.attrs
        .map((attr) => (attr.name === 'data-step' ? attr.name : `${attr.name}=${attr.value}`))
        .sort()
        .join(' ')}]`,
  );
}

/** Text with a raw hidden character: in a <pre>, a line break (and a tab, T-SQL's indent) is the text's own, as in the style sheet. */
function rawHidden(document: ReturnType<typeof parseHtml>['document']): string[] {
  const found: string[] = [];
  const visit = (node: ReturnType<typeof parseHtml>['document']['childNodes'][number], inPre: boolean) => {
    if (node.nodeName === '#text' && 'value' in node) {
      const text = inPre ? node.value.replace(/[\n\t]/g, '') : node.value.replace(/^\s+$/, '');
      if (HIDDEN.test(text)) found.push(JSON.stringify(text).slice(0, 80));
    }
    if ('attrs' in node) {
      for (const attr of node.attrs) if (HIDDEN.test(attr.value)) found.push(`${node.tagName} ${attr.name}`);
    }
    const pre = inPre || ('tagName' in node && (node.tagName === 'pre' || node.tagName === 'style'));
    if ('childNodes' in node) for (const child of node.childNodes) visit(child, pre);
  };
  for (const child of document.childNodes) visit(child, false);
  return found;
}

describe('hostile values in a journal', () => {
  it('never become markup: each report has the shape of an ordinary one and shows each value escaped as the plan does', () => {
    const ordinary = report(journalCarrying('ordinary'));
    expect(ordinary.errors).toEqual([]);
    const ordinaryShape = shape(ordinary.document);
    const failures: string[] = [];
    for (const value of hostileStrings) {
      const where = JSON.stringify(value).slice(0, 60);
      const { document, errors } = report(journalCarrying(value));
      const escaped = escapeText(value);
      if (errors.length > 0) failures.push(`${where}: ${errors.slice(0, 3).join('; ')}`);
      // An empty expected, found or what-to-do reads as a dash, in a span of its own.
      if (value !== '' && JSON.stringify(shape(document)) !== JSON.stringify(ordinaryShape)) {
        failures.push(`${where}: another shape`);
      }
      const hidden = rawHidden(document);
      if (hidden.length > 0) failures.push(`${where}: raw hidden characters in ${hidden.slice(0, 2).join(', ')}`);
      const shown = {
        title: textOf(select(document, 'h1')[0] ?? document),
        site: fact(document, 'Site'),
        computer: fact(document, 'Computer'),
        operator: fact(document, 'Operator account'),
        version: fact(document, 'Wizard version'),
        answer: rows(tables(document, 'Answers')[0])[0],
        check: rows(tables(document, 'Checks before the run')[0])[0]?.slice(1),
        after: rows(tables(document, 'Checks after the run')[0])[0]?.slice(1),
        output: select(document, 'pre')
          .filter((pre) => attribute(pre, 'aria-label') === 'Output')
          .map(textOf),
        failure: select(document, 'p', 'status-fail').map(textOf).at(-1),
        bar: select(document, 'rect', 'bar').map((bar) => attribute(bar, 'data-step'))[0],
      };
      const evidence = value === '' ? ['', '—', '—', '—'] : [escaped, escaped, escaped, escaped];
      const expected = {
        title: escaped,
        site: escaped,
        computer: `${escaped} (simulated)`,
        operator: escaped,
        version: escaped,
        answer: [escaped, escaped],
        check: evidence,
        after: evidence,
        output: [escaped],
        failure: escaped,
        bar: escaped,
      };
      if (JSON.stringify(shown) !== JSON.stringify(expected)) {
        failures.push(`${where}: shown as ${JSON.stringify(shown).slice(0, 200)}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('loads and runs nothing, whatever the values', () => {
    for (const value of hostileStrings) {
      expect(reachesOut(report(journalCarrying(value)).document), JSON.stringify(value).slice(0, 60)).toEqual([]);
    }
  });
});

describe('long output', () => {
  it(`keeps a step's last ${OUTPUT_LINES_SHOWN} lines and says where the others are`, () => {
    const lines = Array.from({ length: OUTPUT_LINES_SHOWN + 500 }, (_, index) => `line ${index + 1}`);
    const { document } = report(
      stamped('2026-12-02T08:14:00Z', [
        [0, runStarted({ steps: [{ id: 'setup', title: 'Run Setup' }] })],
        [10, { type: 'checks', results: [] }],
        [20, { type: 'confirmed', acknowledgedWarnings: [], confirmedSteps: [], plan: [] }],
        [100, { type: 'step-started', stepId: 'setup' }],
        ...lines.map((line, index): [number, JournalRecord] => [
          200 + index,
          { type: 'step-output', stepId: 'setup', line },
        ]),
      ]),
    );
    const output = select(document, 'pre').find((pre) => attribute(pre, 'aria-label') === 'Output');
    expect(textOf(output ?? document).split('\n')).toEqual(lines.slice(500));
    expect(select(document, 'p').map(textOf)).toContain(
      'The first 500 lines of its output are in the journal; the last 1,000 follow.',
    );
  });
});
