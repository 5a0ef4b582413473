import {
  makeStyles,
  mergeClasses,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { CheckmarkCircleFilled, DismissCircleFilled, WarningFilled } from '@fluentui/react-icons';
import type { ReactElement } from 'react';
import type { CheckResult, CheckStatus } from '../../../shared/run-contract';
import { escapeText } from '../../../shared/validation/display-escape';

const useStyles = makeStyles({
  table: { tableLayout: 'auto' },
  header: { whiteSpace: 'nowrap' },
  result: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, fontWeight: 600 },
  pass: { color: tokens.colorPaletteGreenForeground1 },
  warn: { color: tokens.colorPaletteDarkOrangeForeground1 },
  fail: { color: tokens.colorPaletteRedForeground1 },
  icon: { fontSize: '18px', flexShrink: 0 },
  cell: { verticalAlign: 'top', paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  evidence: { fontSize: tokens.fontSizeBase200, wordBreak: 'break-word' },
});

const RESULT_TEXT: Record<CheckStatus, string> = { pass: 'Passed', warn: 'Warning', fail: 'Failed' };

function CheckResultLabel({ status }: { status: CheckStatus }) {
  const styles = useStyles();
  const icons: Record<CheckStatus, ReactElement> = {
    pass: <CheckmarkCircleFilled className={styles.icon} aria-hidden />,
    warn: <WarningFilled className={styles.icon} aria-hidden />,
    fail: <DismissCircleFilled className={styles.icon} aria-hidden />,
  };
  return (
    <span className={mergeClasses(styles.result, styles[status])}>
      {icons[status]}
      {RESULT_TEXT[status]}
    </span>
  );
}

export interface ChecksTableProps {
  checks: CheckResult[];
  /** The table's accessible name, e.g. "Checks before the run". */
  label: string;
}

export function ChecksTable({ checks, label }: ChecksTableProps) {
  const styles = useStyles();
  return (
    <Table className={styles.table} aria-label={label} size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.header}>Check</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Result</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Expected</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Found</TableHeaderCell>
          <TableHeaderCell className={styles.header}>What to do</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {checks.map((check) => (
          <TableRow key={check.id} data-testid={`check-${check.id}`} data-status={check.status}>
            <TableCell className={styles.cell}>{escapeText(check.title)}</TableCell>
            <TableCell className={styles.cell}>
              <CheckResultLabel status={check.status} />
            </TableCell>
            <TableCell className={mergeClasses(styles.cell, styles.evidence)}>
              {check.expected === undefined ? '—' : escapeText(check.expected)}
            </TableCell>
            <TableCell className={mergeClasses(styles.cell, styles.evidence)}>
              {check.found === undefined ? '—' : escapeText(check.found)}
            </TableCell>
            <TableCell className={styles.cell}>
              {check.remedy === undefined ? (check.status === 'pass' ? 'Nothing' : '—') : escapeText(check.remedy)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
