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
import { firstUnreadyPage, useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({ read: { display: 'block' } });

/**
 * What the kit, the manifest and the site already answer. When every page is ready the operator
 * may go straight to the Summary (its checks run as always); when another page still needs typing,
 * straight to it instead of pressing Next through the filled ones. The pages stay in the rail to review.
 */
export function SummaryOffer({ current }: { current: number }) {
  const styles = useStyles();
  const { unready, pages, readAhead } = useWizardStore(
    useShallow((state) => ({
      unready: firstUnreadyPage(state),
      pages: state.selectedFlowId ? (state.descriptions[state.selectedFlowId]?.pages ?? []) : [],
      readAhead: state.readAhead?.flowId === state.selectedFlowId ? state.readAhead : null,
    })),
  );
  const goToSummary = useWizardStore((state) => state.goToSummary);
  const openPage = useWizardStore((state) => state.openPage);

  if (readAhead?.running) {
    return <Spinner size="tiny" labelPosition="after" label="Reading the site for the later pages…" />;
  }
  // The page right after this one is where Next goes anyway.
  if (unready === null || unready === current || unready === current + 1) return null;
  const read = readAhead && readAhead.read.length > 0 && (
    <span className={styles.read}>Read from the site for you: {readAhead.read.join('; ')}.</span>
  );
  if (unready === -1) {
    return (
      <MessageBar intent="success" layout="multiline" aria-label="Every page is filled">
        <MessageBarBody>
          <MessageBarTitle>Every page is filled from the kit and the site</MessageBarTitle>
          Review them in the rail, or go to the Summary: its checks run before anything changes.
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
        <MessageBarTitle>The pages before “{waiting.title}” are filled from the kit and the site</MessageBarTitle>“
        {waiting.title}” needs you; the others stay in the rail to review.
        {read}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => openPage(unready)}>Go to “{waiting.title}”</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
