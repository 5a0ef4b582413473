import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId } from 'react';
import type { DrillHistoryEntry, DrillOperatorActions } from '../../../shared/drill-contract';
import { useDrillStore } from '../store/drill-store';
import { formatMoment, formatSpan } from '../../../shared/local-time';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '1100px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  note: { color: tokens.colorNeutralForeground2 },
  cell: { verticalAlign: 'top' },
  runs: { margin: 0, paddingLeft: tokens.spacingHorizontalL, color: tokens.colorNeutralForeground2 },
  time: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
});

const RESULT_TEXT: Record<DrillHistoryEntry['result'], string> = {
  'in progress': 'In progress',
  succeeded: 'Succeeded',
  failed: 'Failed',
  cancelled: 'Cancelled',
  abandoned: 'Abandoned',
  stopped: 'Ended before the last step',
};

/** The operator's part, in words: only what happened is named. */
function actionsText(actions: DrillOperatorActions): string {
  const counted: [number, string, string][] = [
    [actions.answers, 'answer', 'answers'],
    [actions.typedConfirmations, 'typed confirmation', 'typed confirmations'],
    [actions.acknowledgedWarnings, 'warning acknowledged', 'warnings acknowledged'],
    [actions.retries, 'retry', 'retries'],
    [actions.resumes, 'resume', 'resumes'],
    [actions.drillActions, 'drill action', 'drill actions'],
  ];
  const parts = counted
    .filter(([count]) => count > 0)
    .map(([count, one, many]) => `${count} ${count === 1 ? one : many}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

function HistoryRow({ entry }: { entry: DrillHistoryEntry }) {
  const styles = useStyles();
  const preparation = entry.runs.filter((run) => run.beforeFailure);
  return (
    <TableRow data-testid={`drill-history-${entry.kind}`} data-result={entry.result}>
      <TableCell className={`${styles.cell} ${styles.time}`}>{formatMoment(entry.startedAt)}</TableCell>
      <TableCell className={styles.cell}>
        <Text weight="semibold">{entry.kind === 'scenario' ? `Scenario: ${entry.title}` : entry.title}</Text>
        {entry.kind === 'scenario' && entry.runs.length > 0 && (
          <ol className={styles.runs}>
            {entry.runs.map((run) => (
              <li key={run.runId}>
                <Text size={200}>
                  {run.title}: {RESULT_TEXT[run.result].toLowerCase()}, {formatSpan(run.simulatedMs)}
                  {run.beforeFailure ? ' (before the failure)' : ''}
                </Text>
              </li>
            ))}
          </ol>
        )}
      </TableCell>
      <TableCell className={styles.cell}>{RESULT_TEXT[entry.result]}</TableCell>
      <TableCell className={styles.cell}>{actionsText(entry.actions)}</TableCell>
      <TableCell className={`${styles.cell} ${styles.time}`} data-testid="simulated-recovery-time">
        <Text>{formatSpan(entry.simulatedMs)}</Text>
        <br />
        <Text size={200} className={styles.note}>
          ran in {formatSpan(entry.acceleratedMs)} at {entry.speed}× speed
          {preparation.length > 0 &&
            `; preparation ${formatSpan(preparation.reduce((sum, run) => sum + run.simulatedMs, 0))}`}
        </Text>
      </TableCell>
    </TableRow>
  );
}

/**
 * The drills run on this computer: when, which scenario or procedure, how it ended, what the
 * operator did, and the recovery time the drill simulated, which is the time the steps would
 * take at real speed, not the accelerated time the drill took.
 */
export function DrillHistory() {
  const styles = useStyles();
  const headingId = useId();
  const history = useDrillStore((state) => state.history);
  const refresh = useDrillStore((state) => state.refresh);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Drill history
      </h2>
      {history.length === 0 ? (
        <Text size={200} className={styles.note}>
          No drill has run yet. Start a disaster scenario from Drill controls, or run a procedure on the simulated site.
        </Text>
      ) : (
        <>
          <Text size={200} className={styles.note}>
            Simulated recovery time is what the wizard’s steps would take at real speed. It leaves out the time spent on
            the pages, and the drill gives Setup about 20 seconds where a real installation takes many minutes: quote it
            as the steps’ share of a recovery, not as its whole length.
          </Text>
          <Table aria-labelledby={headingId} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Date</TableHeaderCell>
                <TableHeaderCell>Scenario or procedure</TableHeaderCell>
                <TableHeaderCell>Result</TableHeaderCell>
                <TableHeaderCell>Operator actions</TableHeaderCell>
                <TableHeaderCell>Simulated recovery time</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {history.map((entry) => (
                <HistoryRow key={entry.id} entry={entry} />
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </section>
  );
}
