import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  details: { marginTop: tokens.spacingVerticalXS },
  summary: { cursor: 'pointer' },
  text: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    maxHeight: '200px',
    overflowY: 'auto',
    margin: `${tokens.spacingVerticalXS} 0 0`,
  },
});

/** Technical details stay folded so the plain message is what the operator reads first. */
export function ErrorDetails({ details }: { details: string | undefined }) {
  const styles = useStyles();
  if (!details) return null;
  return (
    <details className={styles.details}>
      <summary className={styles.summary}>Details</summary>
      <pre className={styles.text}>{details}</pre>
    </details>
  );
}
