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
import { memo, useEffect, useState } from 'react';
import type { RunSnapshot } from '../../../shared/run-contract';
import { AbandonDialog } from '../components/abandon-dialog';
import { ErrorDetails } from '../components/error-details';
import { SetupChecklist } from '../components/setup-checklist';
import { StepRow } from '../components/step-row';
import { useWizardStore } from '../store/wizard-store';

// A run over many servers has dozens of rows; an event changes one step, so only its row re-renders.
const MemoStepRow = memo(StepRow);

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  steps: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

/** What is running now, in words that stay true when a block runs several steps at once. */
function runningText(steps: RunSnapshot['steps']): string {
  const running = steps.filter((step) => step.state === 'running');
  const [only] = running;
  if (running.length === 1 && only) {
    return `Running step ${steps.indexOf(only) + 1} of ${steps.length}: ${only.title}. Cancel stops the run after the current step.`;
  }
  if (running.length === 0) return 'Running. Cancel stops the run before the next step.';
  const finished = steps.filter((step) => step.state === 'done' || step.state === 'skipped').length;
  const failed = steps.filter((step) => step.state === 'failed').length;
  return `Running ${running.length} steps at once (${finished} of ${steps.length} done${
    failed > 0 ? `, ${failed} failed` : ''
  }). Cancel lets the running steps finish and starts no more.`;
}

/** Setup's pages to fill in by hand, while the step that opens Setup's wizard is not done. */
function setupPagesToEnter(snapshot: RunSnapshot) {
  for (const planned of snapshot.plan) {
    const state = snapshot.steps.find((step) => step.id === planned.id)?.state;
    if (state === 'done' || state === 'skipped') continue;
    for (const command of planned.commands) {
      if (command.kind === 'program' && command.setupPages) return command.setupPages;
    }
  }
  return undefined;
}

function RunStatus({ snapshot }: { snapshot: RunSnapshot }) {
  const cancelRequested = useWizardStore((state) => state.cancelRequested);

  switch (snapshot.phase) {
    case 'ready':
      return <Spinner size="small" label="Starting the run…" labelPosition="after" />;
    case 'running':
      if (cancelRequested) {
        const several = snapshot.steps.filter((step) => step.state === 'running').length > 1;
        return (
          <MessageBar intent="warning">
            <MessageBarBody>
              {several
                ? 'Cancelling: the running steps finish first, then the run stops.'
                : 'Cancelling: the current step finishes first, then the run stops.'}
            </MessageBarBody>
          </MessageBar>
        );
      }
      return <Text role="status">{runningText(snapshot.steps)}</Text>;
    case 'verifying':
      return <Spinner size="small" label="All steps ran. Checking that the site works…" labelPosition="after" />;
    case 'failed': {
      const failed = snapshot.steps.filter((step) => step.state === 'failed');
      const [first] = failed;
      // A partial result must say what did get done, not only what failed.
      const finished = snapshot.steps.filter((step) => step.state === 'done' || step.state === 'skipped').length;
      const tally = `${finished} of ${snapshot.steps.length} steps are done.`;
      if (failed.length > 1) {
        return (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>{`${failed.length} of ${snapshot.steps.length} steps failed.`}</MessageBarTitle>
              Each failed step below says what went wrong. {tally}
              <div>
                Retry runs the failed steps again and continues with the rest. Abandon run closes the run; nothing
                already done is undone.
              </div>
            </MessageBarBody>
          </MessageBar>
        );
      }
      return (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>
            <MessageBarTitle>{first ? `The step "${first.title}" failed.` : 'The run failed.'}</MessageBarTitle>
            {first?.error?.message ?? snapshot.outcomeMessage ?? ''}
            <ErrorDetails details={first?.error?.details} />
            <div>{tally}</div>
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
  const setupGuide = setupPagesToEnter(snapshot);

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
      {setupGuide && <SetupChecklist pages={setupGuide} />}
      <div className={styles.steps}>
        {snapshot.steps.map((step) => (
          <MemoStepRow key={step.id} step={step} />
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
