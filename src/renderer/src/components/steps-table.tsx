import {
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
} from '@fluentui/react-components';
import type { StepStatus } from '../../../shared/run-contract';
import { formatMoment, formatSpan } from '../../../shared/local-time';
import { STATE_TEXT } from './step-row';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  header: { whiteSpace: 'nowrap' },
  cell: { verticalAlign: 'top' },
  time: { whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' },
});

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
            <TableCell className={styles.cell}>{STATE_TEXT[step.state]}</TableCell>
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
