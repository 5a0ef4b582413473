import {
  makeStyles,
  Table,
  Text,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import type { StepStatus } from '../../../shared/run-contract';
import { formatMoment, formatSpan } from '../../../shared/local-time';
import { STATE_TEXT } from './step-row';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  header: { whiteSpace: 'nowrap' },
  cell: { verticalAlign: 'top' },
  time: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
  said: { display: 'block', color: tokens.colorNeutralForeground2, overflowWrap: 'anywhere' },
});

/** What the step said last, or why it failed: "Done" alone hides that a step found nothing to do. */
function lastWord(step: StepStatus): string | undefined {
  if (step.state === 'failed') return step.error?.message;
  return step.output.at(-1);
}

/**
 * What became of each step, once the run is over: with fifty runbook servers the operator must
 * still see every one of them by name, not only that the run succeeded.
 */
export function StepsTable({ steps }: { steps: readonly StepStatus[] }) {
  const styles = useStyles();
  return (
    <Table aria-label="Steps of the run" size="small" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.header}>Step</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Result</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Started</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Took</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {steps.map((step) => (
          <TableRow key={step.id} data-testid={`result-${step.id}`} data-state={step.state}>
            <TableCell className={styles.cell}>{step.title}</TableCell>
            <TableCell className={styles.cell}>
              {STATE_TEXT[step.state]}
              {lastWord(step) && (
                <Text size={200} className={styles.said}>
                  {lastWord(step)}
                </Text>
              )}
            </TableCell>
            <TableCell className={`${styles.cell} ${styles.time}`}>
              {step.startedAt === undefined ? '' : formatMoment(step.startedAt)}
            </TableCell>
            <TableCell className={`${styles.cell} ${styles.time}`}>
              {step.durationMs === undefined ? '' : formatSpan(step.durationMs)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
