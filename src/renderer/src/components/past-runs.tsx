import {
  Button,
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
import { useEffect, useId, useState } from 'react';
import type { PastRun } from '../../../shared/channels';
import { formatMoment } from '../../../shared/local-time';
import { RunReportButton } from './run-report';
import { wizardApi } from '../wizard-api';

/** The runs whose journals are in the data folder, newest first, each with its report. */

const SHOWN_AT_FIRST = 8;

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  table: { maxWidth: '960px' },
  good: { color: tokens.colorPaletteGreenForeground1 },
  bad: { color: tokens.colorPaletteRedForeground1 },
  other: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

export function PastRuns() {
  const styles = useStyles();
  const headingId = useId();
  const [runs, setRuns] = useState<PastRun[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [all, setAll] = useState(false);

  useEffect(() => {
    let current = true;
    wizardApi
      .call('runs:past')
      .then((found) => current && setRuns(found))
      .catch((error: unknown) => current && setProblem(error instanceof Error ? error.message : String(error)));
    return () => {
      current = false;
    };
  }, []);

  if (problem) {
    return <Text role="alert">The list of past runs could not be read: {problem}</Text>;
  }
  if (!runs || runs.length === 0) return null;
  const shown = all ? runs : runs.slice(0, SHOWN_AT_FIRST);
  const tone = (run: PastRun) =>
    run.ending === 'succeeded'
      ? styles.good
      : run.ending === 'failed' || run.ending === 'verification-failed'
        ? styles.bad
        : styles.other;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Past runs
      </h2>
      <Text size={200}>Every run leaves a journal and a report beside it, for the record or for an audit.</Text>
      <Table className={styles.table} size="small" aria-labelledby={headingId}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell>Started</TableHeaderCell>
            <TableHeaderCell>Procedure</TableHeaderCell>
            <TableHeaderCell>Site</TableHeaderCell>
            <TableHeaderCell>Kind</TableHeaderCell>
            <TableHeaderCell>How it ended</TableHeaderCell>
            <TableHeaderCell>Report</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {shown.map((run) => (
            <TableRow key={run.runId}>
              <TableCell>{formatMoment(run.startedAt)}</TableCell>
              <TableCell>{run.flowTitle}</TableCell>
              <TableCell>{run.siteName}</TableCell>
              <TableCell>{run.mode === 'drill' ? 'Drill' : 'Real site'}</TableCell>
              <TableCell className={tone(run)}>{run.endingTitle}</TableCell>
              <TableCell>
                <RunReportButton
                  runId={run.runId}
                  label="Report"
                  accessibleName={`Report of ${run.flowTitle}, ${formatMoment(run.startedAt)}`}
                />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {runs.length > SHOWN_AT_FIRST && !all && (
        <div>
          <Button appearance="subtle" onClick={() => setAll(true)}>
            Show all {runs.length} runs
          </Button>
        </div>
      )}
    </section>
  );
}
