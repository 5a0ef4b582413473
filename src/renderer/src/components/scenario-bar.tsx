import { Button, makeStyles, Text, tokens } from '@fluentui/react-components';
import { CheckmarkCircleRegular, CircleRegular, FlagRegular } from '@fluentui/react-icons';
import { useEffect, useId, useState } from 'react';
import type { DrillScenario, DrillScenarioProgress, DrillScenarioStep } from '../../../shared/drill-contract';
import { useDrillStore } from '../store/drill-store';
import { useWizardStore } from '../store/wizard-store';
import { wizardApi } from '../wizard-api';
import { formatSpan } from '../../../shared/local-time';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground3,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
  line: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: tokens.spacingHorizontalM },
  end: { marginLeft: 'auto', display: 'flex', gap: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase300, fontWeight: tokens.fontWeightSemibold },
  why: { color: tokens.colorNeutralForeground2, maxWidth: '110ch' },
  steps: { margin: 0, paddingLeft: tokens.spacingHorizontalXL },
  step: { display: 'flex', alignItems: 'flex-start', gap: tokens.spacingHorizontalXS },
  icon: { flexShrink: 0, marginTop: '2px' },
});

const CONCLUDED = new Set(['succeeded', 'failed', 'cancelled', 'abandoned']);

function stepState(index: number, progress: DrillScenarioProgress): 'done' | 'now' | 'to do' {
  if (index < progress.done.length) return 'done';
  return index === progress.done.length ? 'now' : 'to do';
}

/** Resolves once the wizard has no call in flight: Next does nothing while one is. */
function wizardIdle(): Promise<void> {
  return new Promise((resolve) => {
    if (!useWizardStore.getState().pending) return resolve();
    const unsubscribe = useWizardStore.subscribe((state) => {
      if (state.pending) return;
      unsubscribe();
      resolve();
    });
  });
}

/** Opens the procedure's first page, from the start page or after a run's Completion. */
async function openProcedure(flowId: Extract<DrillScenarioStep, { kind: 'procedure' }>['flowId']): Promise<void> {
  const wizard = useWizardStore.getState();
  // Start over reloads the unfinished runs; Next waits for that rather than being ignored.
  if (wizard.step.kind === 'completion') wizard.startOver();
  useWizardStore.getState().selectFlow(flowId);
  await wizardIdle();
  await useWizardStore.getState().goNext();
}

function CurrentStep({ scenario, step }: { scenario: DrillScenario; step: DrillScenarioStep }) {
  const styles = useStyles();
  const busy = useDrillStore((state) => state.pending !== null);
  const signedInOn = useDrillStore((state) => state.site?.localComputer);
  const signIn = useDrillStore((state) => state.signIn);
  const continueScenario = useDrillStore((state) => state.continueScenario);
  const flow = useWizardStore((state) =>
    step.kind === 'procedure' ? state.flows.find((candidate) => candidate.id === step.flowId) : undefined,
  );
  if (step.kind === 'failure') {
    return (
      <div className={styles.line}>
        <Button appearance="primary" disabled={busy} onClick={() => void continueScenario(scenario.id)}>
          Make the failure happen
        </Button>
      </div>
    );
  }
  const mustSignIn = step.signIn !== undefined && signedInOn?.toUpperCase() !== step.signIn.toUpperCase();
  return (
    <div className={styles.line}>
      {mustSignIn && step.signIn && (
        <Button appearance="primary" disabled={busy} onClick={() => void signIn(step.signIn ?? '')}>
          Sign in on {step.signIn}
        </Button>
      )}
      <Button
        appearance={mustSignIn ? 'secondary' : 'primary'}
        disabled={!flow?.available}
        onClick={() => void openProcedure(step.flowId)}
      >
        Open “{flow?.title ?? step.title}”
      </Button>
      {flow && !flow.available && <Text size={200}>Not available: {flow.unavailableReason}</Text>}
    </div>
  );
}

/**
 * Where the operator is in the disaster scenario being rehearsed, and what comes next: shown
 * under the header on every page of a drill while a scenario is active.
 */
export function ScenarioBar() {
  const styles = useStyles();
  const mode = useWizardStore((state) => state.site?.mode);
  const scenarios = useDrillStore((state) => state.scenarios);
  const history = useDrillStore((state) => state.history);
  const refresh = useDrillStore((state) => state.refresh);
  const stop = useDrillStore((state) => state.stopScenario);
  const busy = useDrillStore((state) => state.pending !== null);
  // Inside a procedure the next one cannot be opened: the bar keeps to what the operator is doing,
  // and leaves the window's height to the page.
  const inProcedure = useWizardStore((state) => state.step.kind !== 'start' && state.step.kind !== 'completion');
  const [showSteps, setShowSteps] = useState(false);
  const headingId = useId();

  useEffect(() => {
    if (mode === 'drill') void refresh();
  }, [mode, refresh]);

  // A run that ends may tick a step off, and always adds to the history.
  useEffect(
    () =>
      wizardApi.on('run:event', (event) => {
        if (event.type === 'phase' && CONCLUDED.has(event.phase)) void refresh();
      }),
    [refresh],
  );

  const progress = scenarios?.active;
  const scenario = scenarios?.scenarios.find((candidate) => candidate.id === progress?.scenarioId);
  if (mode !== 'drill' || !progress || !scenario) return null;

  const total = scenario.steps.length;
  const current = scenario.steps[progress.done.length];
  const following = scenario.steps[progress.done.length + 1];
  // The failure just made to happen changed the site behind the page still shown: say what it did.
  const previous = scenario.steps[progress.done.length - 1];
  const happened = previous?.kind === 'failure' ? previous : undefined;
  const entry = history.find((candidate) => candidate.id === progress.historyId);

  return (
    <section className={styles.bar} aria-labelledby={headingId} data-testid="scenario-bar">
      <div className={styles.line}>
        <FlagRegular aria-hidden />
        <h2 id={headingId} className={styles.heading}>
          Scenario: {scenario.title}
        </h2>
        <Text size={200}>{current ? `Step ${progress.done.length + 1} of ${total}` : `All ${total} steps done`}</Text>
        {entry && (
          <Text size={200}>
            Simulated recovery time{current ? ' so far' : ''}: {formatSpan(entry.simulatedMs)}
          </Text>
        )}
        <div className={styles.end}>
          <Button size="small" aria-expanded={showSteps} onClick={() => setShowSteps((shown) => !shown)}>
            {showSteps ? 'Hide the steps' : 'Show every step'}
          </Button>
          <Button size="small" disabled={busy} onClick={() => void stop()}>
            {current ? 'End the scenario' : 'Close the scenario'}
          </Button>
        </div>
      </div>
      {current && inProcedure ? (
        <Text size={200} className={styles.why}>
          <Text size={200} weight="semibold">
            Now: {current.title}.{' '}
          </Text>
          {current.why}
        </Text>
      ) : current ? (
        <>
          {happened && (
            <Text size={200}>
              Happened on the simulated site: {happened.title}. {happened.why}
            </Text>
          )}
          <Text>
            <Text weight="semibold">Now: </Text>
            {current.title}
          </Text>
          <Text size={200} className={styles.why}>
            {current.why}
          </Text>
          <CurrentStep scenario={scenario} step={current} />
          {following && <Text size={200}>Next: {following.title}</Text>}
        </>
      ) : (
        <Text>
          Scenario complete: every procedure ran to completion. The drill history on the start page keeps it with its
          simulated recovery time.
        </Text>
      )}
      {showSteps && (
        <ol className={styles.steps} aria-label="Steps of the scenario">
          {scenario.steps.map((step, index) => {
            const state = stepState(index, progress);
            return (
              <li key={`${index}-${step.title}`} data-state={state}>
                <span className={styles.step}>
                  {state === 'done' ? (
                    <CheckmarkCircleRegular className={styles.icon} aria-hidden />
                  ) : (
                    <CircleRegular className={styles.icon} aria-hidden />
                  )}
                  <Text size={200}>
                    {step.title} ({state})
                  </Text>
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
