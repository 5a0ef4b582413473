import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarActions,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
} from '@fluentui/react-components';
import { useShallow } from 'zustand/react/shallow';
import type { PageDescriptor } from '../../../shared/run-contract';
import { firstUnreadyPage, useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({ read: { display: 'block' } });

/** One empty list, so that a selector without a description yet gives the same value each time. */
const NO_PAGES: readonly PageDescriptor[] = [];

/**
 * What the kit, the manifest and the site already answer. When every page is ready the operator
 * may go straight to the Summary (its checks run as always); when another page still needs typing,
 * straight to it instead of pressing Next through the filled ones. The pages stay in the rail to
 * review. On Start (`current` -1) it speaks of the chosen procedure's pages, as no rail shows yet.
 */
export function SummaryOffer({ current }: { current: number }) {
  const styles = useStyles();
  const { unready, pages, readAhead } = useWizardStore(
    useShallow((state) => ({
      unready: firstUnreadyPage(state),
      pages: (state.selectedFlowId ? state.descriptions[state.selectedFlowId]?.pages : undefined) ?? NO_PAGES,
      readAhead: state.readAhead?.flowId === state.selectedFlowId ? state.readAhead : null,
    })),
  );
  const goToSummary = useWizardStore((state) => state.goToSummary);
  const openPage = useWizardStore((state) => state.openPage);

  if (readAhead?.running) {
    const label =
      current < 0 ? 'Reading the site for this procedure’s pages…' : 'Reading the site for the later pages…';
    return <Spinner size="tiny" labelPosition="after" label={label} />;
  }
  // This page, or the one right after it, is where Next goes anyway (-1 is "every page", not Start).
  if (unready === null || (unready >= 0 && (unready === current || unready === current + 1))) return null;
  const read = readAhead && readAhead.read.length > 0 && (
    <span className={styles.read}>Read from the site for you: {readAhead.read.join('; ')}.</span>
  );
  if (unready === -1) {
    return (
      <MessageBar intent="success" layout="multiline" aria-label="Every page is filled">
        <MessageBarBody>
          <MessageBarTitle>Every page is filled from the kit and the site.</MessageBarTitle>
          {current < 0
            ? 'Review them with Next, or go to the Summary: its checks run before anything changes, and every page stays open to change.'
            : 'Review them in the rail, or go to the Summary: its checks run before anything changes.'}
          {read}
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" onClick={() => void goToSummary()}>
            Go to the Summary
          </Button>
        </MessageBarActions>
      </MessageBar>
    );
  }
  const waiting = pages[unready];
  if (!waiting) return null;
  return (
    <MessageBar intent="info" layout="multiline" aria-label="Pages filled">
      <MessageBarBody>
        <MessageBarTitle>The pages before “{waiting.title}” are filled from the kit and the site.</MessageBarTitle>“
        {waiting.title}” needs you; the others stay {current < 0 ? 'open' : 'in the rail'} to review.
        {read}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => openPage(unready)}>Go to “{waiting.title}”</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
