import {
  Button,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, PlayRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { RunSnapshot } from '../../../shared/run-contract';
import { AbandonDialog } from '../components/abandon-dialog';
import { ErrorDetails } from '../components/error-details';
import { StepRow } from '../components/step-row';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  steps: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

function RunStatus({ snapshot }: { snapshot: RunSnapshot }) {
  const cancelRequested = useWizardStore((state) => state.cancelRequested);
  const runningIndex = snapshot.steps.findIndex((step) => step.state === 'running');
  const running = snapshot.steps[runningIndex];

  switch (snapshot.phase) {
    case 'ready':
      return <Spinner size="small" label="Starting the run…" labelPosition="after" />;
    case 'running':
      if (cancelRequested) {
        return (
          <MessageBar intent="warning">
            <MessageBarBody>Cancelling: the current step finishes first, then the run stops.</MessageBarBody>
          </MessageBar>
        );
      }
      return (
        <Text role="status">
          {running ? `Running step ${runningIndex + 1} of ${snapshot.steps.length}: ${running.title}.` : 'Running.'}{' '}
          Cancel stops the run after the current step.
        </Text>
      );
    case 'verifying':
      return <Spinner size="small" label="All steps ran. Checking that the site works…" labelPosition="after" />;
    case 'failed': {
      const failed = snapshot.steps.find((step) => step.state === 'failed');
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{failed ? `The step "${failed.title}" failed.` : 'The run failed.'}</MessageBarTitle>
            {failed?.error?.message ?? snapshot.outcomeMessage ?? ''}
            <ErrorDetails details={failed?.error?.details} />
            <div>
              Retry runs the failed step again and continues with the rest. Abandon run closes the run; nothing already
              done is undone.
            </div>
          </MessageBarBody>
        </MessageBar>
      );
    }
    case 'cancelled':
      return (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>The run was cancelled.</MessageBarTitle>
            Steps already done stay done. Resume shows the checks and the remaining plan again before anything more
            runs; Abandon run closes the run for good.
          </MessageBarBody>
        </MessageBar>
      );
    case 'succeeded':
    case 'abandoned':
      return null;
  }
}

export function ProgressPage() {
  const styles = useStyles();
  const snapshot = useWizardStore((state) => state.snapshot);
  const busy = useWizardStore((state) => state.pending !== null);
  const refreshRun = useWizardStore((state) => state.refreshRun);
  const retryRun = useWizardStore((state) => state.retryRun);
  const resumeRun = useWizardStore((state) => state.resumeRun);
  const [abandoning, setAbandoning] = useState(false);

  // Events sent before this page subscribed are lost; one fresh snapshot fills the gap.
  useEffect(() => {
    void refreshRun();
  }, [refreshRun]);

  if (!snapshot) return null;
  const phase = snapshot.phase;

  return (
    <div className={styles.page}>
      <RunStatus snapshot={snapshot} />
      {(phase === 'failed' || phase === 'cancelled') && (
        <div className={styles.actions}>
          {phase === 'failed' ? (
            <Button
              appearance="primary"
              icon={<ArrowClockwiseRegular />}
              disabled={busy}
              onClick={() => void retryRun()}
            >
              Retry
            </Button>
          ) : (
            <Button
              appearance="primary"
              icon={<PlayRegular />}
              disabled={busy}
              onClick={() => void resumeRun(snapshot.runId)}
            >
              Resume
            </Button>
          )}
          <Button disabled={busy} onClick={() => setAbandoning(true)}>
            Abandon run
          </Button>
        </div>
      )}
      <div className={styles.steps}>
        {snapshot.steps.map((step) => (
          <StepRow key={step.id} step={step} />
        ))}
      </div>
      <AbandonDialog
        open={abandoning}
        runId={snapshot.runId}
        runLabel={`The run "${snapshot.flowTitle}"`}
        onClose={() => setAbandoning(false)}
      />
    </div>
  );
}
