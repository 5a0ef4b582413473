import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ChevronLeftRegular, ChevronRightRegular, CopyRegular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { SetupPageGuide } from '../../../shared/run-contract';

const useStyles = makeStyles({
  panel: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorBrandStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  values: { display: 'grid', gridTemplateColumns: 'minmax(12em, auto) 1fr auto', gap: tokens.spacingHorizontalS },
  label: { color: tokens.colorNeutralForeground2 },
  value: { fontFamily: tokens.fontFamilyMonospace, wordBreak: 'break-word' },
  secret: { fontStyle: 'italic' },
  row: { display: 'contents' },
  nav: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', flexWrap: 'wrap' },
});

/**
 * The values to enter into Setup's own wizard, one Setup page at a time, large enough to read
 * while typing; each shown value can be copied, a password never is.
 */
export function SetupChecklist({ pages }: { pages: readonly SetupPageGuide[] }) {
  const styles = useStyles();
  const [index, setIndex] = useState(0);
  const [copied, setCopied] = useState<string | null>(null);
  const page = pages[index];
  if (!page) return null;
  const copy = (label: string, value: string) => {
    void navigator.clipboard.writeText(value).then(
      () => setCopied(`Copied ${label}.`),
      () => setCopied(`${label} could not be copied: select the value and copy it.`),
    );
  };
  return (
    <section className={styles.panel} aria-labelledby="setup-checklist-title">
      <Text as="h2" size={400} weight="semibold" id="setup-checklist-title">
        {`In Setup’s wizard, page ${index + 1} of ${pages.length}: ${page.title}`}
      </Text>
      <div className={styles.values} role="list" aria-label={`Values for ${page.title}`}>
        {page.values.map((value) => (
          <div key={value.label} role="listitem" className={styles.row}>
            <Text className={styles.label}>{value.label}</Text>
            <Text className={value.secret ? styles.secret : styles.value}>{value.value}</Text>
            {value.secret ? (
              <span />
            ) : (
              <Button
                size="small"
                icon={<CopyRegular />}
                aria-label={`Copy ${value.label}`}
                onClick={() => copy(value.label, value.value)}
              >
                Copy
              </Button>
            )}
          </div>
        ))}
      </div>
      <div className={styles.nav}>
        <Button
          icon={<ChevronLeftRegular />}
          disabled={index === 0}
          onClick={() => {
            setIndex(index - 1);
            setCopied(null);
          }}
        >
          Previous Setup page
        </Button>
        <Button
          appearance="primary"
          icon={<ChevronRightRegular />}
          iconPosition="after"
          disabled={index === pages.length - 1}
          onClick={() => {
            setIndex(index + 1);
            setCopied(null);
          }}
        >
          Next Setup page
        </Button>
        <Text role="status">{copied ?? ''}</Text>
      </div>
    </section>
  );
}
