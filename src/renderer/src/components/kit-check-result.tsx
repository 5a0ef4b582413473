import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  ProgressBar,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { KitCheck, KitCheckProgress } from '../../../shared/recovery-kit';
import { escapeText } from '../../../shared/validation/display-escape';

/**
 * A kit folder being verified before the real site is loaded from it, then what the check found:
 * the damaged files with what they are and which recoveries read them, and the operator's choice.
 */

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '1100px' },
  header: { whiteSpace: 'nowrap' },
  cell: { verticalAlign: 'top', paddingTop: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalS },
  table: { tableLayout: 'auto' },
  // Paths and SHA-256 values have no spaces to break at.
  wrap: { overflowWrap: 'anywhere' },
  evidence: { fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  refuses: { color: tokens.colorPaletteRedForeground1, fontWeight: 600 },
  warns: { color: tokens.colorPaletteDarkOrangeForeground1, fontWeight: 600 },
});

const KIND_WORDS: Record<KitCheck['problems'][number]['kind'], string> = {
  missing: 'Missing',
  changed: 'Changed',
  unexpected: 'Not in the index',
};

export function KitCheckProgressView({ progress }: { progress: KitCheckProgress | null }) {
  const styles = useStyles();
  const text = progress?.text || 'Listing the kit’s files…';
  return (
    <div className={styles.column} role="status" aria-live="polite">
      <Text weight="semibold">Verifying the kit: every file against the kit index</Text>
      <ProgressBar aria-label="Kit verified so far" value={progress ? progress.percent / 100 : undefined} />
      <Text size={200}>{text}</Text>
    </div>
  );
}

function KitProblemsTable({ problems }: { problems: KitCheck['problems'] }) {
  const styles = useStyles();
  return (
    <Table className={styles.table} aria-label="Files of the kit that do not match the kit index" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell className={styles.header}>File</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Problem</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Expected (kit index)</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Found</TableHeaderCell>
          <TableHeaderCell className={styles.header}>Recoveries affected</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {problems.map((problem) => (
          <TableRow key={problem.file} data-testid="kit-problem" data-refuses={problem.refuses}>
            <TableCell className={styles.cell}>
              <div className={styles.wrap}>{escapeText(problem.file)}</div>
            </TableCell>
            <TableCell className={styles.cell}>
              <span className={problem.refuses ? styles.refuses : styles.warns}>{KIND_WORDS[problem.kind]}</span>
            </TableCell>
            <TableCell className={styles.cell}>
              <div className={styles.evidence}>{escapeText(problem.expected)}</div>
            </TableCell>
            <TableCell className={styles.cell}>
              <div className={styles.evidence}>{escapeText(problem.found)}</div>
            </TableCell>
            <TableCell className={styles.cell}>
              {problem.refuses
                ? `The kit cannot be used (${escapeText(problem.role)}).`
                : problem.affects.length > 0
                  ? problem.affects.join('; ')
                  : 'None: no recovery reads it'}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function KitCheckResultView({
  check,
  busy,
  onLoadAnyway,
}: {
  check: KitCheck;
  busy: boolean;
  onLoadAnyway: () => void;
}) {
  const styles = useStyles();
  if (check.verdict === 'manifest-file' || check.verdict === 'no-index') {
    return (
      <MessageBar intent="info">
        <MessageBarBody>{escapeText(check.summary)}</MessageBarBody>
      </MessageBar>
    );
  }
  if (check.verdict === 'intact') {
    return (
      <MessageBar intent="success">
        <MessageBarBody>
          <MessageBarTitle>Kit verified</MessageBarTitle>
          {escapeText(check.summary)}
        </MessageBarBody>
      </MessageBar>
    );
  }
  const refused = check.verdict === 'refused';
  return (
    <div className={styles.column}>
      <MessageBar intent={refused ? 'error' : 'warning'}>
        <MessageBarBody>
          <MessageBarTitle>{refused ? 'This kit cannot be used' : 'Some files of the kit are damaged'}</MessageBarTitle>
          {refused
            ? 'Its site manifest or an encryption key does not match the kit index. Take the kit from an intact copy.'
            : 'The site can still be loaded: the recoveries listed below cannot use these files, and every recovery checks the files it needs again before it changes anything.'}{' '}
          {escapeText(check.summary)}
        </MessageBarBody>
      </MessageBar>
      <KitProblemsTable problems={check.problems} />
      {!refused && (
        <div>
          <Button onClick={onLoadAnyway} disabledFocusable={busy}>
            Load the site anyway
          </Button>
        </div>
      )}
    </div>
  );
}
