import {
  Button,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, DeleteRegular } from '@fluentui/react-icons';
import { useEffect, useId, useState } from 'react';
import type { RememberedPasswords as Remembered } from '../../../shared/channels';
import { wizardApi } from '../wizard-api';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '900px' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  note: { color: tokens.colorNeutralForeground2 },
  error: { color: tokens.colorPaletteRedForeground1 },
  unavailable: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXS },
});

/**
 * The key-backup passwords the wizard keeps in the OS keychain: which ones exist, never their
 * values, and a way to forget one.
 */
export function RememberedPasswords({ siteKey }: { siteKey: string }) {
  const styles = useStyles();
  const headingId = useId();
  const [state, setState] = useState<Remembered | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  // Asked again on "Check again": a keychain unlocked after the page opened is not reported locked
  // here while a flow's check, which asks at that moment, finds it open.
  const [asked, setAsked] = useState(0);
  useEffect(() => {
    let current = true;
    wizardApi.call('keychain:list').then(
      (result) => current && setState(result),
      (failure: unknown) => current && setError(String((failure as Error).message ?? failure)),
    );
    return () => {
      current = false;
    };
  }, [siteKey, asked]);

  const checkAgain = () => {
    setState(null);
    setError(null);
    setAsked((count) => count + 1);
  };

  const forget = async (account: string) => {
    setBusy(true);
    try {
      setState(await wizardApi.call('keychain:forget', { account }));
      setError(null);
    } catch (failure) {
      setError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Remembered passwords
      </h2>
      {error && <Text className={styles.error}>{error}</Text>}
      {!state && !error && <Spinner size="tiny" label="Asking the OS keychain…" labelPosition="after" />}
      {state && state.keychain.state !== 'available' && (
        <div className={styles.unavailable}>
          <Text className={styles.note} data-testid="keychain-status" data-state={state.keychain.state}>
            {state.keychain.sentence}
          </Text>
          <Button size="small" icon={<ArrowClockwiseRegular />} onClick={checkAgain}>
            Check again
          </Button>
        </div>
      )}
      {state?.keychain.state === 'available' && state.entries.length === 0 && (
        <Text className={styles.note}>No password or product key is remembered in the OS keychain.</Text>
      )}
      {state?.keychain.state === 'available' && state.entries.length > 0 && (
        <Table size="small" aria-label="Remembered passwords">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Site</TableHeaderCell>
              <TableHeaderCell>What</TableHeaderCell>
              <TableHeaderCell>Key file fingerprint or account</TableHeaderCell>
              <TableHeaderCell>Action</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {state.entries.map((entry) => (
              <TableRow key={entry.account}>
                <TableCell>{entry.siteName}</TableCell>
                <TableCell>{entry.keyRole}</TableCell>
                <TableCell>{entry.fingerprint}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    icon={<DeleteRegular />}
                    disabled={busy}
                    aria-label={`Forget what is remembered for ${entry.keyRole}: ${entry.fingerprint}`}
                    onClick={() => void forget(entry.account)}
                  >
                    Forget
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}
