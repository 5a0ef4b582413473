import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportPath, runReports } from '../../../../src/main/app/run-reports';
import { allFlows } from '../../../../src/main/procedures';
import type { Answers } from '../../../../src/shared/run-contract';
import { createHarness, PROMOTE_ANSWERS } from '../../support/harness';
import { baseAnswers } from '../../support/ordinary-answers';
import { runToEnd } from '../../support/run-to-end';
import { testWizardCore } from '../../support/test-wizard-core';

/** Every form a secret could take in a report: as typed, escaped for JSON, escaped for HTML. */
function forms(secret: string): string[] {
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return [secret, JSON.stringify(secret).slice(1, -1), html, html.replace(/'/g, '&#39;')];
}

describe('the reports of runs kept beside their journals', () => {
  it('saves every run’s report when it stops, with no marker password of any flow in it', async () => {
    const scanned: string[] = [];
    for (const flow of allFlows) {
      const harness = createHarness({ runner: { operatorAccount: 'CONTOSO\\operator', wizardVersion: 'test' } });
      const markers: string[] = [];
      // Setup adds a management server from a spare computer of the site, whose command line carries passwords.
      if (flow.id === 'install-additional-management-server') harness.drill.signIn('SCSM04');
      const answers: Answers = { ...(await baseAnswers(harness, flow)) };
      // Fields that take the same ordinary value (a password and its confirmation box) take the same marker.
      const byValue = new Map<unknown, string>();
      flow.secretFields.forEach((field, index) => {
        const ordinary = answers[field];
        let marker = byValue.get(ordinary);
        if (marker === undefined) {
          // Distinctive, with characters JSON and HTML escape; a product key must have a product key's shape.
          marker = /productKey/i.test(field)
            ? `MRKPK-Q7Z9X-W3V8T-J6H4N-B2C${index}D`
            : `Mk7&"${flow.id.slice(0, 6)}-${field}"Zq`;
          if (ordinary !== '' && ordinary !== undefined) byValue.set(ordinary, marker);
          markers.push(marker);
        }
        answers[field] = marker;
      });
      const reports = runReports({ journalDirectory: harness.journalDirectory, wizardVersion: 'test' });
      let runId: string;
      try {
        runId = (await runToEnd(harness, flow.id, answers)).runId;
      } catch {
        // A flow whose checks refuse these answers has no journal: nothing ran, nothing to report.
        continue;
      }
      const { path, html } = reports.save(runId);
      expect(readFileSync(path, 'utf8')).toBe(html);
      // Who ran it and from where, as the run manager journaled them at the start.
      expect(html, flow.id).toContain('<dt>Operator account</dt><dd>CONTOSO\\operator</dd>');
      expect(html, flow.id).toMatch(/<dt>Computer<\/dt><dd>[A-Z0-9-]+ \(simulated\)<\/dd>/);
      expect(html, flow.id).toContain('<dt>Wizard version</dt><dd>test</dd>');
      for (const marker of markers) for (const form of forms(marker)) expect(html, flow.id).not.toContain(form);
      if (markers.length > 0) scanned.push(flow.id);
    }
    // The procedures with secrets that run on a fresh drill; Setup's restores need the key restored first.
    expect(scanned).toEqual([
      'encryption-key',
      'install-additional-management-server',
      'restore-databases',
      'recreate-dw-databases',
      'backup-orchestrator',
      'recover-orchestrator-database',
      'prepare-recovery-kit',
    ]);
  }, 240_000);

  it('writes the report when a run stops and whenever asked, and lists the past runs with how each ended', async () => {
    const core = testWizardCore('browser');
    const prepared = await core.handlers['run:prepare']({
      flowId: 'promote-management-server',
      answers: PROMOTE_ANSWERS,
    });
    const confirmations = Object.fromEntries(
      prepared.plan.flatMap((step) => (step.destructive ? [[step.id, step.destructive.confirmWord]] : [])),
    );
    const warnings = prepared.checks.filter((check) => check.status === 'warn').map((check) => check.id);
    await core.handlers['run:start']({ runId: prepared.runId, acknowledgedWarnings: warnings, confirmations });
    const settled = await core.runs.settled(prepared.runId);
    expect(settled.phase).toBe('succeeded');

    const info = await core.handlers['app:info'](undefined);
    const journals = join(info.dataDirectory, 'journals');
    const saved = reportPath(journals, prepared.runId);
    expect(existsSync(saved)).toBe(true);
    expect(readFileSync(saved, 'utf8')).toContain('Succeeded: completed and verified');
    // Nothing half-written is left beside it.
    expect(readdirSync(journals).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const made = await core.handlers['report:make']({ runId: prepared.runId });
    expect(made.path).toBe(saved);
    expect(made.html).toContain('<svg class="timeline"');
    // Times are written in the zone of the computer making the report, with its name and offset.
    const berlin = runReports({ journalDirectory: journals, wizardVersion: 'test', timeZone: () => 'Europe/Berlin' });
    expect(berlin.save(prepared.runId).html).toMatch(
      /<dt>Started<\/dt><dd>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (CET \(UTC\+01:00\)|CEST \(UTC\+02:00\))<\/dd>/,
    );

    const past = await core.handlers['runs:past'](undefined);
    expect(past).toEqual([
      expect.objectContaining({
        runId: prepared.runId,
        flowTitle: settled.flowTitle,
        ending: 'succeeded',
        endingTitle: 'Succeeded: completed and verified',
        hasReport: true,
      }),
    ]);
    await expect(
      Promise.resolve().then(() => core.handlers['report:make']({ runId: 'not-a-run-0000' })),
    ).rejects.toThrow(/no journal of the run/);
    await expect(core.handlers['report:save-pdf']({ runId: prepared.runId })).rejects.toThrow(/Only the desktop/);
    await core.dispose();
  }, 60_000);
});
