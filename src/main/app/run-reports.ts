import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PastRun } from '../../shared/channels';
import { OperatorError } from '../engine/errors';
import { journalPath, listJournals, readJournal } from '../engine/journal';
import { replaceFileContents } from '../host/replace-file';
import { reportModel, UnreadableJournalError } from '../reports/report-model';
import { buildRunReport, ENDING_WORDS } from '../reports/run-report';

/**
 * The reports of the runs kept in the journal folder: each made from its journal and saved beside
 * it as `<run id>.html`, replaced whole so a reader never finds half a report. A report is made
 * again whenever it is asked for, so it always tells what the journal holds now.
 */
export interface RunReports {
  /** Makes the run's report from its journal, saves it beside the journal and returns it. */
  save(runId: string): { path: string; html: string };
  /** The runs whose journals are in the folder, newest first, with how each ended. */
  past(): PastRun[];
}

export interface RunReportsOptions {
  journalDirectory: string;
  wizardVersion: string;
  /** The time zone of the computer the wizard runs on, read when a report is made. */
  timeZone?: () => string;
  now?: () => number;
}

export function reportPath(journalDirectory: string, runId: string): string {
  return join(journalDirectory, `${runId}.html`);
}

export function runReports(options: RunReportsOptions): RunReports {
  const timeZone = options.timeZone ?? (() => Intl.DateTimeFormat().resolvedOptions().timeZone);
  const now = options.now ?? Date.now;
  return {
    save(runId) {
      const journal = journalPath(options.journalDirectory, runId);
      if (!existsSync(journal)) throw new OperatorError(`There is no journal of the run ${runId} in this data folder.`);
      let html: string;
      try {
        html = buildRunReport(readJournal(journal), {
          timeZone: timeZone(),
          madeAt: now(),
          wizardVersion: options.wizardVersion,
        });
      } catch (error) {
        if (error instanceof UnreadableJournalError) throw new OperatorError(error.message);
        throw error;
      }
      const path = reportPath(options.journalDirectory, runId);
      replaceFileContents(path, html);
      return { path, html };
    },
    past() {
      const runs: PastRun[] = [];
      for (const path of listJournals(options.journalDirectory)) {
        let model;
        try {
          model = reportModel(readJournal(path));
        } catch {
          continue;
        }
        runs.push({
          runId: model.runId,
          flowTitle: model.flowTitle,
          mode: model.mode,
          siteName: model.siteName,
          startedAt: new Date(model.startedAt).toISOString(),
          lastActivity: new Date(model.lastAt).toISOString(),
          ending: model.ending.kind,
          endingTitle: ENDING_WORDS[model.ending.kind].title,
          hasReport: existsSync(reportPath(options.journalDirectory, model.runId)),
        });
      }
      return runs.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
    },
  };
}
