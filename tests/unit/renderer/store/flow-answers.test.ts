import { describe, expect, it } from 'vitest';
import { restoreDatabasesFlow } from '../../../../src/main/procedures/restore-databases/procedure';
import * as flowAnswers from '../../../../src/renderer/src/store/flow-answers';
import {
  firstPageNotReady,
  isPageReady,
  lookupInputsKey,
  lookupIntent,
  lookupWaitHint,
  PAGE_PROBLEM,
  pageProblems,
  type LookupEntry,
} from '../../../../src/renderer/src/store/flow-answers';
import { validatePage } from '../../../../src/renderer/src/store/page-rules';
import { backupOrchestratorPages, NO_CHECK_OUTS } from '../../../../src/shared/procedures/backup-orchestrator';
import { importManagementPacksPages } from '../../../../src/shared/procedures/import-management-packs';
import { databaseFields } from '../../../../src/shared/procedures/restore-databases';
import type { PageDescriptor } from '../../../../src/shared/run-contract';
import { createHarness } from '../../support/harness';

/** How the renderer checks a page as the operator types, and what it says when it cannot. */

/** restore-databases' Restore options page, answered with a data folder that is not a full path. */
function optionsWithRelativeFolder() {
  const harness = createHarness();
  const page = restoreDatabasesFlow.pages(harness.ctx().manifest).find((candidate) => candidate.id === 'options');
  if (!page) throw new Error('restore-databases has no Restore options page');
  const answers = { existingBackup: 'copy-only', dataFolder: 'relative\\folder', logFolder: '', checkDatabase: false };
  return { page, answers };
}

describe('the rules loaded after the Start page', () => {
  it('keeps a page invalid until the rules have loaded, then applies them', async () => {
    const { page, answers } = optionsWithRelativeFolder();

    expect(flowAnswers.validatePage('restore-databases', page, answers)).toEqual({
      [PAGE_PROBLEM]: 'The wizard is still loading the rules for this page.',
    });
    await flowAnswers.loadPageRules();
    expect(flowAnswers.validatePage('restore-databases', page, answers)).toEqual(
      validatePage('restore-databases', page, answers),
    );
    expect(Object.keys(flowAnswers.validatePage('restore-databases', page, answers))).toEqual(['dataFolder']);
  });
});

describe('validatePage', () => {
  it('refuses a page the procedure has no schema for, in words the operator can read', () => {
    const page: PageDescriptor = {
      id: 'unknown-page',
      title: 'Something new',
      description: 'A page added without its schema.',
      fields: [{ name: 'anything', label: 'Anything', kind: 'text' }],
    };
    const errors = validatePage('promote-management-server', page, { anything: 'accepted?' });
    expect(Object.keys(errors)).toEqual([PAGE_PROBLEM]);
    const [problem] = pageProblems(page, { anything: 'accepted?' }, errors);
    expect(problem).toContain('has no rules for the answers of this page ("Something new", unknown-page)');
    expect(problem).toContain('Next stays unavailable');
  });

  it('shows above the fields what no visible field shows: no database chosen', async () => {
    const harness = createHarness();
    const manifest = harness.ctx().manifest;
    const answers = await restoreDatabasesFlow.defaults(harness.ctx());
    const databases = restoreDatabasesFlow.pages(manifest).find((page) => page.id === 'databases');
    if (!databases) throw new Error('restore-databases has no Databases page');
    const original = String(answers.originalServer);
    const none = { ...answers };
    for (const field of databases.fields) none[field.name] = false;
    const errors = validatePage('restore-databases', databases, none);
    expect(pageProblems(databases, none, errors)).toEqual(['choose at least one database to restore']);

    const one = { ...none, [databaseFields(original, 'ServiceManager').include]: true };
    expect(validatePage('restore-databases', databases, one)).toEqual({});
    expect(pageProblems(databases, one, {})).toEqual([]);
  });

  it('leaves a field’s own problem under the field, not above the page', () => {
    const { page, answers } = optionsWithRelativeFolder();
    const errors = validatePage('restore-databases', page, answers);
    expect(Object.keys(errors)).toEqual(['dataFolder']);
    expect(pageProblems(page, answers, errors)).toEqual([]);
  });
});

describe('isFieldVisible', () => {
  it('shows the runbook authors’ confirmation unless the database said that no runbook is checked out', async () => {
    await flowAnswers.loadPageRules();
    const page = backupOrchestratorPages
      .pages(createHarness().ctx().manifest)
      .find((candidate) => candidate.id === 'backup');
    const confirmation = page?.fields.find((field) => field.name === 'checkedIn');
    if (!page || !confirmation) throw new Error('backup-orchestrator has no confirmation on its Database backup page');
    const answers = (runbookCheckOuts: string) => ({
      backupFile: '\\\\FS01\\Kit\\Orchestrator.bak',
      runbookCheckOuts,
      checkedIn: false,
    });

    expect(flowAnswers.isFieldVisible(confirmation, answers(NO_CHECK_OUTS))).toBe(false);
    expect(flowAnswers.validatePage('backup-orchestrator', page, answers(NO_CHECK_OUTS))).toEqual({});
    for (const unconfirmed of ['', 'Monthly patching (CONTOSO\\orch-author, …)']) {
      expect(flowAnswers.isFieldVisible(confirmation, answers(unconfirmed))).toBe(true);
      expect(Object.keys(flowAnswers.validatePage('backup-orchestrator', page, answers(unconfirmed)))).toEqual([
        'checkedIn',
      ]);
    }
  });
});

describe('lookupIntent', () => {
  it('shows the check-outs the database lists, or could not read, as a warning, and none as a success', async () => {
    const harness = createHarness();
    const answers = await harness.runs.flow('backup-orchestrator').defaults(harness.ctx());
    const none = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    expect(lookupIntent(none)).toBe('success');
    harness.drill.inject({ kind: 'runbook-checked-out', runbook: 'Monthly patching', user: 'CONTOSO\\orch-author' });
    const listed = await harness.runs.lookup('backup-orchestrator', 'check-outs', answers);
    expect(lookupIntent(listed)).toBe('warning');
    const unreadable = await harness.runs.lookup('backup-orchestrator', 'check-outs', {
      ...answers,
      database: 'master',
    });
    expect(unreadable.ok).toBe(true);
    expect(lookupIntent(unreadable)).toBe('warning');
    const refused = await harness.runs.lookup('backup-orchestrator', 'connect', { ...answers, sqlServer: 'SQLNONE01' });
    expect(lookupIntent(refused)).toBe(refused.ok ? 'success' : 'error');
    expect(refused.ok).toBe(false);
  });
});

describe('firstPageNotReady', () => {
  it('stops where Next would: at the page the site has not answered, then at none', async () => {
    const harness = createHarness();
    const manifest = harness.ctx().manifest;
    const answers = await restoreDatabasesFlow.defaults(harness.ctx());
    const pages = restoreDatabasesFlow.pages(manifest);
    // The SQL Server page is filled from the manifest, but Connect has not answered yet.
    expect(firstPageNotReady('restore-databases', pages, answers, () => undefined)).toBe(0);

    const answered = (page: PageDescriptor): LookupEntry | undefined =>
      page.lookup
        ? { inputsKey: lookupInputsKey(page, answers), running: false, result: { ok: true, message: 'answered' } }
        : undefined;
    expect(firstPageNotReady('restore-databases', pages, answers, answered)).toBe(-1);

    // A lookup's answer counts only for the inputs it read.
    const changed = { ...answers, originalServer: 'SQLDW01\\SCDW' };
    expect(firstPageNotReady('restore-databases', pages, changed, answered)).toBe(0);
    expect(
      isPageReady('restore-databases', pages[0] as PageDescriptor, changed, answered(pages[0] as PageDescriptor)),
    ).toBe(false);
  });
});

describe('what the bottom bar says while Next waits for a lookup', () => {
  function pageOf(pages: (manifest: never) => PageDescriptor[], id: string): PageDescriptor {
    const page = pages(createHarness().ctx().manifest as never).find((candidate) => candidate.id === id);
    if (!page) throw new Error(`no page ${id}`);
    return page;
  }

  it('says a lookup that runs by itself is reading only while it reads', async () => {
    await flowAnswers.loadPageRules();
    const page = pageOf(importManagementPacksPages.pages, 'folder');
    const answers = { server: 'SCSM01', packFolder: '\\\\FS01\\RecoveryKit\\ManagementPack' };
    const inputsKey = lookupInputsKey(page, answers);
    const hint = (entry: LookupEntry | undefined, values: Record<string, string> = answers) =>
      lookupWaitHint('import-management-packs', page, values, entry);
    expect(hint(undefined)).toBe('Reading the packs and their checksums…');
    expect(hint({ inputsKey, running: true, result: null })).toBe('Reading the packs and their checksums…');
    // It said so for ever, over a folder that does not exist and a path the field refuses.
    expect(hint({ inputsKey, running: false, result: { ok: false, message: 'There is no folder' } })).toBe(
      'Next waits until what the page read above is put right.',
    );
    expect(hint(undefined, { ...answers, packFolder: 'CON' })).toBe('');
    expect(hint({ inputsKey, running: false, result: { ok: true, message: '3 to import' } })).toBe('');
  });

  it('keeps a button’s instruction until the lookup has passed', async () => {
    await flowAnswers.loadPageRules();
    const page = pageOf(backupOrchestratorPages.pages, 'database');
    expect(page.lookup?.buttonLabel).toBe('Connect');
    const answers = {
      sqlServer: 'SQLORCH01',
      authentication: 'integrated',
      sqlUser: '',
      sqlPassword: '',
      database: 'Orchestrator',
    };
    const inputsKey = lookupInputsKey(page, answers);
    const failed = { inputsKey, running: false, result: { ok: false, message: 'Login failed' } };
    expect(lookupWaitHint('backup-orchestrator', page, answers, failed)).toBe(page.lookup?.pendingMessage);
    // Disabled until its inputs are filled in: it says which, rather than to press it.
    expect(lookupWaitHint('backup-orchestrator', page, { ...answers, sqlServer: '' }, undefined)).toBe(
      'Connect waits for: SQL Server.',
    );
  });
});
