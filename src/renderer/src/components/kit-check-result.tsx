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
  list: {
    listStyleType: 'none',
    margin: 0,
    padding: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
  },
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  facts: { display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: tokens.spacingHorizontalM, margin: 0 },
  term: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
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

function affectedWords(problem: KitCheck['problems'][number]): string {
  if (problem.refuses) return `The kit cannot be used (${escapeText(problem.role)}).`;
  return problem.affects.length > 0 ? problem.affects.join('; ') : 'None: no recovery reads it';
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
            <TableCell className={styles.cell}>{affectedWords(problem)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** What the checked kit is for: the real site loaded from it, or a drill built from it. */
const PURPOSE_WORDS = {
  site: {
    still: 'The site can still be loaded: the recoveries listed below cannot use these files',
    anyway: 'Load the site anyway',
  },
  drill: {
    still:
      'The drill can still be built with these files as they are, to rehearse what the recoveries listed below meet',
    anyway: 'Build the drill anyway',
  },
} as const;

/** The same findings for a narrow place (the drill panel): one block per file, its facts one under another. */
function KitProblemsList({ problems }: { problems: KitCheck['problems'] }) {
  const styles = useStyles();
  return (
    <ul className={styles.list} aria-label="Files of the kit that do not match the kit index">
      {problems.map((problem) => (
        <li key={problem.file} className={styles.item} data-testid="kit-problem" data-refuses={problem.refuses}>
          <Text weight="semibold" className={styles.wrap}>
            {escapeText(problem.file)}:{' '}
            <span className={problem.refuses ? styles.refuses : styles.warns}>{KIND_WORDS[problem.kind]}</span>
          </Text>
          <dl className={styles.facts}>
            <dt className={styles.term}>Expected (kit index)</dt>
            <dd className={styles.evidence}>{escapeText(problem.expected)}</dd>
            <dt className={styles.term}>Found</dt>
            <dd className={styles.evidence}>{escapeText(problem.found)}</dd>
            <dt className={styles.term}>Recoveries affected</dt>
            <dd className={styles.evidence}>{affectedWords(problem)}</dd>
          </dl>
        </li>
      ))}
    </ul>
  );
}

export function KitCheckResultView({
  check,
  busy,
  onLoadAnyway,
  purpose = 'site',
  layout = 'table',
}: {
  check: KitCheck;
  busy: boolean;
  onLoadAnyway: () => void;
  purpose?: keyof typeof PURPOSE_WORDS;
  /** `list` where a five-column table has no room. */
  layout?: 'table' | 'list';
}) {
  const words = PURPOSE_WORDS[purpose];
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
            : `${words.still}, and every recovery checks the files it needs again before it changes anything.`}{' '}
          {escapeText(check.summary)}
        </MessageBarBody>
      </MessageBar>
      {layout === 'list' ? (
        <KitProblemsList problems={check.problems} />
      ) : (
        <KitProblemsTable problems={check.problems} />
      )}
      {!refused && (
        <div>
          <Button onClick={onLoadAnyway} disabledFocusable={busy}>
            {words.anyway}
          </Button>
        </div>
      )}
    </div>
  );
}
