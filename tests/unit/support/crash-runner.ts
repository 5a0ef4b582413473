import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestFileStore } from '../../../src/main/app/manifest-file';
import { loadManifestFile } from '../../../src/main/app/manifest-load';
import type { FlowContext } from '../../../src/main/engine/flow-types';
import { openJournal } from '../../../src/main/engine/journal';
import { journalHistory } from '../../../src/main/engine/run-history';
import { RunManager } from '../../../src/main/engine/run-manager';
import { allFlows } from '../../../src/main/procedures';
import { DrillSite } from '../../../src/main/host/drill/drill-site';
import type { Answers, FlowId, RunSnapshot } from '../../../src/shared/run-contract';
import { fileKeychain } from './file-keychain';

/**
 * The wizard as a process of its own, for the crash harness that kills it. Each job runs one
 * procedure against the drill kept in a data folder (site.json, journals, manifest.json,
 * keychain.json), or resumes the run it finds unfinished there. Started as
 * `node crash-runner.js jobs.json`, it does the jobs one after the other and prints one JSON line
 * per job done (a CrashJobResult); a process killed during its last job resumes nothing itself.
 */

export interface CrashJob {
  dataDirectory: string;
  speed: number;
  flowId: FlowId;
  answers: Answers;
  confirmations: Record<string, string>;
  mode: 'start' | 'resume';
  /**
   * How long each journal record takes to reach the disk, in milliseconds: the pause after a
   * write, in which a kill lands between two records rather than after the run ended.
   */
  journalFlushMs?: number;
  /** When a resumed run's checks fail and one of `checks` names the remedy, the operator restarts the computer. */
  remedy?: { checks: readonly string[]; restartComputer: string };
}

export interface CrashJobResult {
  dataDirectory: string;
  runId: string;
  phase: RunSnapshot['phase'];
  outcomeMessage?: string;
  failedChecks: string[];
  remedied: boolean;
}

async function main(job: CrashJob): Promise<CrashJobResult> {
  const manifestPath = join(job.dataDirectory, 'manifest.json');
  const journals = join(job.dataDirectory, 'journals');
  const manifest = loadManifestFile(manifestPath);
  const drill = new DrillSite({ manifest, speed: job.speed, statePath: join(job.dataDirectory, 'site.json') });
  const ctx: FlowContext = {
    host: drill.host,
    manifest,
    mode: 'drill',
    siteName: manifest.siteName,
    keychain: fileKeychain(join(job.dataDirectory, 'keychain.json')),
    history: journalHistory(journals),
    manifestStore: manifestFileStore(manifestPath, (changed) => {
      ctx.manifest = changed;
    }),
  };
  const flushMs = job.journalFlushMs ?? 0;
  const runs = new RunManager({
    journalDirectory: journals,
    flows: allFlows,
    site: () => ({ ctx, siteName: manifest.siteName }),
    emit: () => undefined,
    openJournal: (directory, runId) => {
      const journal = openJournal(directory, runId);
      return {
        ...journal,
        append: (record) => {
          journal.append(record);
          // The whole process waits, as it does on a slow disk: nothing else happens meanwhile.
          if (flushMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, flushMs);
        },
      };
    },
  });
  const failedChecks = (snapshot: RunSnapshot) =>
    snapshot.checks.filter((check) => check.status === 'fail').map((check) => check.id);
  const warnings = (snapshot: RunSnapshot) =>
    snapshot.checks.filter((check) => check.status === 'warn').map((check) => check.id);

  let snapshot: RunSnapshot;
  let remedied = false;
  if (job.mode === 'start') {
    snapshot = await runs.prepare(job.flowId, job.answers);
  } else {
    const [unfinished] = runs.unfinished();
    if (!unfinished) throw new Error('no unfinished run to resume');
    const secrets = Object.fromEntries(
      unfinished.secretsNeeded.map((field) => [field.name, String(job.answers[field.name] ?? '')]),
    );
    snapshot = await runs.resume(unfinished.runId, secrets);
    const remedy = job.remedy;
    if (remedy && failedChecks(snapshot).some((id) => remedy.checks.includes(id))) {
      drill.restart(remedy.restartComputer);
      remedied = true;
      snapshot = await runs.resume(unfinished.runId, secrets);
    }
  }
  const failed = failedChecks(snapshot);
  const { dataDirectory } = job;
  if (failed.length > 0)
    return { dataDirectory, runId: snapshot.runId, phase: snapshot.phase, failedChecks: failed, remedied };
  await runs.start(snapshot.runId, warnings(snapshot), job.confirmations);
  const done = await runs.settled(snapshot.runId);
  return {
    dataDirectory,
    runId: done.runId,
    phase: done.phase,
    outcomeMessage: done.outcomeMessage,
    failedChecks: [],
    remedied,
  };
}

async function all(jobs: readonly CrashJob[]): Promise<void> {
  for (const job of jobs) process.stdout.write(`${JSON.stringify(await main(job))}\n`);
}

all(JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as CrashJob[]).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
