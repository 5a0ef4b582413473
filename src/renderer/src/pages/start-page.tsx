import {
  Button,
  Card,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useId, useState } from 'react';
import type { FlowId, SiteMode, UnfinishedRun } from '../../../shared/run-contract';
import { DrillHistory } from '../components/drill-history';
import { DrillSignIn } from '../components/drill-sign-in';
import { PastRuns } from '../components/past-runs';
import { RememberedPasswords } from '../components/remembered-passwords';
import { RealSiteKit } from '../components/real-site-kit';
import { SummaryOffer } from '../components/summary-offer';
import { formatMoment } from '../../../shared/local-time';
import { lazyComponent } from '../lazy-component';
import { useWizardStore } from '../store/wizard-store';

const AbandonDialog = lazyComponent(() => import('../components/abandon-dialog'), 'AbandonDialog');

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  choice: { display: 'flex', flexDirection: 'column', marginBottom: tokens.spacingVerticalS },
  choiceText: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    paddingLeft: '32px',
    color: tokens.colorNeutralForeground2,
  },
  unavailable: { color: tokens.colorPaletteRedForeground1 },
  siteNow: { color: tokens.colorNeutralForeground2 },
  runs: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, maxWidth: '720px' },
  runFacts: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalL,
    margin: 0,
  },
  runTerm: { color: tokens.colorNeutralForeground2 },
  runValue: { margin: 0 },
  runActions: { display: 'flex', gap: tokens.spacingHorizontalS },
  secrets: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  secretField: { maxWidth: '420px' },
});

function FlowChoice() {
  const styles = useStyles();
  const flows = useWizardStore((state) => state.flows);
  const selectedFlowId = useWizardStore((state) => state.selectedFlowId);
  const selectFlow = useWizardStore((state) => state.selectFlow);
  const loading = useWizardStore((state) => state.pending === 'load' && state.flows.length === 0);
  const headingId = useId();

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Procedure
      </h2>
      {loading && <Spinner size="tiny" label="Loading the procedures…" labelPosition="after" />}
      <RadioGroup
        aria-labelledby={headingId}
        value={selectedFlowId ?? ''}
        onChange={(_, data) => selectFlow(data.value as FlowId)}
      >
        {flows.map((flow) => {
          const describedBy = `${headingId}-${flow.id}`;
          return (
            <div key={flow.id} className={styles.choice}>
              <Radio value={flow.id} label={flow.title} disabled={!flow.available} aria-describedby={describedBy} />
              <div id={describedBy} className={styles.choiceText}>
                <Text size={200}>{flow.scenario}</Text>
                <Text size={200}>{flow.summary}</Text>
                {!flow.available && (
                  <Text size={200} className={styles.unavailable}>
                    Not available: {flow.unavailableReason ?? 'this procedure cannot run here.'}
                  </Text>
                )}
                {/* Under the procedure just chosen, where the operator is looking. */}
                {flow.id === selectedFlowId && <SummaryOffer current={-1} />}
              </div>
            </div>
          );
        })}
      </RadioGroup>
    </section>
  );
}

function SiteChoice() {
  const styles = useStyles();
  const appInfo = useWizardStore((state) => state.appInfo);
  const site = useWizardStore((state) => state.site);
  const siteChoice = useWizardStore((state) => state.siteChoice);
  const busy = useWizardStore((state) => state.pending === 'site');
  const chooseSiteMode = useWizardStore((state) => state.chooseSiteMode);
  const headingId = useId();
  const realReasonId = useId();

  const mode = siteChoice ?? site?.mode ?? 'drill';
  const realAvailable = appInfo?.realModeAvailable ?? false;

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Site
      </h2>
      <RadioGroup
        aria-labelledby={headingId}
        value={mode}
        disabled={busy}
        onChange={(_, data) => void chooseSiteMode(data.value as SiteMode)}
      >
        <div className={styles.choice}>
          <Radio value="drill" label="Drill — simulated site" />
          <div className={styles.choiceText}>
            <Text size={200}>
              Rehearse the procedure against a simulated copy of the site. No real server is touched.
            </Text>
          </div>
        </div>
        <div className={styles.choice}>
          <Radio
            value="real"
            label="Real site"
            disabled={!realAvailable}
            aria-describedby={realAvailable ? undefined : realReasonId}
          />
          <div className={styles.choiceText}>
            <Text size={200}>Recover the real servers named in the site manifest of the recovery kit.</Text>
            {appInfo && !realAvailable && (
              <Text id={realReasonId} size={200} className={styles.unavailable}>
                Not available: {appInfo.realModeUnavailableReason ?? 'this computer cannot drive a real site.'}
              </Text>
            )}
          </div>
        </div>
      </RadioGroup>
      {mode === 'real' && <RealSiteKit busy={busy} />}
      {busy && <Spinner size="tiny" label="Loading the site…" labelPosition="after" />}
      {site && (
        <Text className={styles.siteNow} size={200} aria-live="polite">
          {site.mode === 'drill' ? 'In use: the simulated site' : 'In use: the real site'} “{site.siteName}” (management
          group {site.managementGroupName}), from {site.manifestSource}.
          {mode === 'real' && site.mode !== 'real' && ' Load the manifest to switch to the real site.'}
        </Text>
      )}
    </section>
  );
}

/**
 * The passwords a resumed run needs again, typed here: masked, kept in this card only while it is
 * shown, and sent with Resume. Nothing else is asked for.
 */
function SecretFields({
  fields,
  values,
  disabled,
  onChange,
  onSubmit,
}: {
  fields: UnfinishedRun['secretsNeeded'];
  values: Record<string, string>;
  disabled: boolean;
  onChange(name: string, value: string): void;
  onSubmit(): void;
}) {
  const styles = useStyles();
  return (
    <div className={styles.secrets}>
      <Text size={200}>
        The steps left need {fields.length === 1 ? 'this password' : 'these passwords'} again: the wizard never stores
        them.
      </Text>
      {fields.map((field) => (
        <Field key={field.name} label={field.label} className={styles.secretField}>
          <Input
            type="password"
            name={field.name}
            value={values[field.name] ?? ''}
            autoComplete="new-password"
            spellCheck={false}
            disabled={disabled}
            onChange={(_, data) => onChange(field.name, data.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                onSubmit();
              }
            }}
          />
        </Field>
      ))}
    </div>
  );
}

function UnfinishedRunCard({ run, onAbandon }: { run: UnfinishedRun; onAbandon(): void }) {
  const styles = useStyles();
  const resumeRun = useWizardStore((state) => state.resumeRun);
  const busy = useWizardStore((state) => state.pending !== null);
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const titleId = useId();
  const needsSecrets = run.secretsNeeded.length > 0;
  const resume = () => {
    if (busy) return;
    void resumeRun(run.runId, needsSecrets ? secrets : undefined).then((resumed) => {
      if (resumed) setSecrets({});
    });
  };
  return (
    <Card aria-labelledby={titleId}>
      <Text id={titleId} weight="semibold">
        {run.flowTitle} ({run.mode === 'drill' ? 'drill' : 'real site'})
      </Text>
      <dl className={styles.runFacts}>
        <dt className={styles.runTerm}>Started</dt>
        <dd className={styles.runValue}>{formatMoment(run.startedAt)}</dd>
        <dt className={styles.runTerm}>Last activity</dt>
        <dd className={styles.runValue}>{formatMoment(run.lastActivity)}</dd>
        <dt className={styles.runTerm}>Steps done</dt>
        <dd className={styles.runValue}>
          {run.stepsDone} of {run.stepsTotal}
        </dd>
        {run.failedStep && (
          <>
            <dt className={styles.runTerm}>Failed step</dt>
            <dd className={styles.runValue}>{run.failedStep}</dd>
          </>
        )}
      </dl>
      {needsSecrets && (
        <SecretFields
          fields={run.secretsNeeded}
          values={secrets}
          disabled={busy}
          onChange={(name, value) => setSecrets((current) => ({ ...current, [name]: value }))}
          onSubmit={resume}
        />
      )}
      <div className={styles.runActions}>
        <Button appearance="primary" aria-describedby={titleId} disabled={busy} onClick={resume}>
          Resume
        </Button>
        <Button aria-describedby={titleId} disabled={busy} onClick={onAbandon}>
          Abandon…
        </Button>
      </div>
    </Card>
  );
}

function UnfinishedRuns() {
  const styles = useStyles();
  const unfinished = useWizardStore((state) => state.unfinished);
  const [abandoning, setAbandoning] = useState<UnfinishedRun | null>(null);
  const headingId = useId();
  if (unfinished.length === 0) return null;
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Unfinished runs
      </h2>
      <Text size={200}>
        These runs stopped before they finished. Resume shows the checks and the plan again before anything more runs.
      </Text>
      <div className={styles.runs}>
        {unfinished.map((run) => (
          <UnfinishedRunCard key={run.runId} run={run} onAbandon={() => setAbandoning(run)} />
        ))}
      </div>
      {abandoning && (
        <Suspense fallback={null}>
          <AbandonDialog
            open
            runId={abandoning.runId}
            runLabel={`The run "${abandoning.flowTitle}" started ${formatMoment(abandoning.startedAt)}`}
            onClose={() => setAbandoning(null)}
          />
        </Suspense>
      )}
    </section>
  );
}

export function StartPage() {
  const styles = useStyles();
  const site = useWizardStore((state) => state.site);
  return (
    <div className={styles.page}>
      <UnfinishedRuns />
      <FlowChoice />
      <SiteChoice />
      {site?.mode === 'drill' && <DrillSignIn />}
      {site && <RememberedPasswords siteKey={`${site.mode}:${site.manifestSource}`} />}
      {site?.mode === 'drill' && <DrillHistory />}
      {/* Reports of runs (issue 16) */}
      <PastRuns />
    </div>
  );
}
