import { Button, makeStyles, MessageBar, MessageBarBody, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';
import type { Answers, FlowId, PageDescriptor } from '../../../shared/run-contract';
import {
  currentLookupResult,
  lookupInputsKey,
  lookupInputsValid,
  lookupIntent,
  type LookupEntry,
} from '../store/flow-answers';
import { ChecksTable } from './checks-table';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, maxWidth: '760px' },
  row: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
});

/** How long typing must pause before the site is asked, so a server name is not looked up letter by letter. */
const AUTO_LOOKUP_DELAY_MS = 450;

export interface LookupPanelProps {
  flowId: FlowId;
  page: PageDescriptor;
  answers: Answers;
  entry: LookupEntry | undefined;
  /** Stable across renders (a store action), so waiting for a pause in typing is not restarted by one. */
  onRun(): Promise<void>;
}

/** What the page read from the site, and the button that asks again (Test Credentials). */
export function LookupPanel({ flowId, page, answers, entry, onRun }: LookupPanelProps) {
  const styles = useStyles();
  const lookup = page.lookup;
  const inputsKey = lookupInputsKey(page, answers);
  const inputsValid = lookupInputsValid(flowId, page, answers);
  const automatic = lookup !== undefined && lookup.buttonLabel === undefined;
  const answered = entry?.inputsKey === inputsKey;

  useEffect(() => {
    if (!automatic || !inputsValid || answered) return;
    const timer = setTimeout(() => void onRun(), AUTO_LOOKUP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [automatic, inputsValid, answered, inputsKey, onRun]);

  const result = lookup ? currentLookupResult(page, answers, entry) : undefined;
  const running = entry?.running === true && answered;
  const resultRef = useRef<HTMLDivElement>(null);

  // The answer to a button (Connect at the end of a long page) could land below the fold unseen;
  // automatic lookups, and a button's lookup the first page ran ahead, do not scroll, so a field
  // being typed in, or the offer at the top of the page, stays in view.
  const pressed = useRef(false);
  useEffect(() => {
    if (result && pressed.current) resultRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [result]);

  if (!lookup) return null;

  return (
    <section className={styles.panel} aria-label={lookup.buttonLabel ?? 'Read from the site'}>
      {lookup.buttonLabel && (
        <div className={styles.row}>
          {/* While the site is asked the button stays focusable (aria-disabled): disabling it would drop
              the operator's focus to the page's body, and Tab would start again from the top. */}
          <Button
            onClick={() => {
              pressed.current = true;
              void onRun();
            }}
            disabled={!inputsValid}
            disabledFocusable={inputsValid && running}
          >
            {lookup.buttonLabel}
          </Button>
        </div>
      )}
      {running && <Spinner size="tiny" labelPosition="after" label={lookup.pendingMessage} />}
      <div ref={resultRef} className={styles.panel}>
        {result && (
          <MessageBar intent={lookupIntent(result)} role="status">
            <MessageBarBody>{result.message}</MessageBarBody>
          </MessageBar>
        )}
        {result?.checks && result.checks.length > 0 && <ChecksTable checks={result.checks} label={page.title} />}
      </div>
    </section>
  );
}
