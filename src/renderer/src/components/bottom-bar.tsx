import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { ArrowLeftRegular, ArrowRightRegular, PlayRegular } from '@fluentui/react-icons';
import { Suspense, useState } from 'react';
import { lazyComponent, useOpenedOnce } from '../lazy-component';
import { lookupWaitHint } from '../store/flow-answers';
import { pageKey, useWizardStore, type WizardState } from '../store/wizard-store';
import { currentFlowPage, isCurrentPageValid, runBlockers } from '../store/wizard-view';

const LeaveWizardDialog = lazyComponent(() => import('./leave-wizard-dialog'), 'LeaveWizardDialog');

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  hint: { marginRight: 'auto', color: tokens.colorNeutralForeground2 },
  button: { minWidth: '96px' },
});

function useForwardHint(): string {
  return useWizardStore((state) => {
    if (state.step.kind === 'flow-page') return lookupHint(state);
    if (state.step.kind !== 'summary') return '';
    if (state.pending === 'prepare' || state.pending === 'resume') return 'Checking the site…';
    if (!state.snapshot) return 'Run stays disabled until the checks have run.';
    const blockers = runBlockers(state.snapshot, state.acknowledgedWarnings, state.confirmations);
    return blockers.length > 0
      ? `Run stays disabled: ${blockers.join(' ')}`
      : 'Run starts the steps of the plan above.';
  });
}

/** What Next is waiting for on a page whose answers the site must confirm first. */
function lookupHint(state: WizardState): string {
  const page = currentFlowPage(state);
  const flowId = state.selectedFlowId;
  if (!page || !flowId) return '';
  return lookupWaitHint(flowId, page, state.answers[flowId] ?? {}, state.lookups[pageKey(flowId, page.id)]);
}

export function BottomBar() {
  const styles = useStyles();
  const step = useWizardStore((state) => state.step);
  const pending = useWizardStore((state) => state.pending);
  const valid = useWizardStore(isCurrentPageValid);
  const phase = useWizardStore((state) => state.snapshot?.phase);
  const cancelRequested = useWizardStore((state) => state.cancelRequested);
  const goNext = useWizardStore((state) => state.goNext);
  const goBack = useWizardStore((state) => state.goBack);
  const cancelRun = useWizardStore((state) => state.cancelRun);
  const startOver = useWizardStore((state) => state.startOver);
  const hint = useForwardHint();
  const [leaving, setLeaving] = useState(false);
  const leavingAsked = useOpenedOnce(leaving);

  const backEnabled = (step.kind === 'flow-page' || step.kind === 'summary') && pending === null;
  const isSummary = step.kind === 'summary';
  const canCancelRun = step.kind === 'progress' && phase === 'running' && !cancelRequested;
  const cancelEnabled = step.kind === 'flow-page' || step.kind === 'summary' || canCancelRun;

  const onCancel = () => {
    if (step.kind === 'progress') void cancelRun();
    else setLeaving(true);
  };

  return (
    <footer className={styles.bar}>
      <Text className={styles.hint} size={200} aria-live="polite">
        {hint}
      </Text>
      <Button className={styles.button} icon={<ArrowLeftRegular />} disabled={!backEnabled} onClick={goBack}>
        Back
      </Button>
      <Button
        className={styles.button}
        appearance="primary"
        icon={isSummary ? <PlayRegular /> : <ArrowRightRegular />}
        iconPosition={isSummary ? 'before' : 'after'}
        disabled={!valid || pending !== null}
        onClick={() => void goNext()}
      >
        {isSummary ? 'Run' : 'Next'}
      </Button>
      <Button className={styles.button} disabled={!cancelEnabled} onClick={onCancel}>
        Cancel
      </Button>
      {leavingAsked && (
        <Suspense fallback={null}>
          <LeaveWizardDialog
            open={leaving}
            onStay={() => setLeaving(false)}
            onLeave={() => {
              setLeaving(false);
              startOver();
            }}
          />
        </Suspense>
      )}
    </footer>
  );
}
