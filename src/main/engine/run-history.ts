import type { Answers, FlowId, SiteMode } from '../../shared/run-contract';
import { listJournals, readJournal, summarizeJournal } from './journal';

/**
 * What earlier runs on this computer achieved, read back from their journals: the order rules
 * of the procedures (a key restored before Setup runs) are checked against it.
 */
export interface RunHistory {
  succeeded(flowId: FlowId, mode: SiteMode): { answers: Answers; finishedAt: string }[];
}

export function journalHistory(journalDirectory: string): RunHistory {
  return {
    succeeded(flowId, mode) {
      const found: { answers: Answers; finishedAt: string }[] = [];
      for (const path of listJournals(journalDirectory)) {
        const records = readJournal(path);
        const summary = summarizeJournal(records);
        const finished = records.find((record) => record.type === 'run-finished');
        if (summary && finished && summary.flowId === flowId && summary.mode === mode) {
          found.push({ answers: summary.answers, finishedAt: finished.at });
        }
      }
      return found.sort((a, b) => a.finishedAt.localeCompare(b.finishedAt));
    },
  };
}
