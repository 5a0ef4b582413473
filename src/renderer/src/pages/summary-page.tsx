import {
  Button,
  Checkbox,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowClockwiseRegular, CopyRegular, SaveRegular } from '@fluentui/react-icons';
import { useId, useState, type ReactNode } from 'react';
import type { RunSnapshot } from '../../../shared/run-contract';
import { ChecksTable } from '../components/checks-table';
import { PlanList } from '../components/plan-list';
import { useWizardStore } from '../store/wizard-store';
import { wizardApi } from '../wizard-api';
import { escapeText } from '../../../shared/validation/display-escape';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  answers: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  answerRow: { display: 'contents' },
  term: { color: tokens.colorNeutralForeground2 },
  value: { margin: 0, fontWeight: tokens.fontWeightSemibold, wordBreak: 'break-word' },
  actions: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  acknowledgements: { display: 'flex', flexDirection: 'column' },
});

function ResumedNotice({ snapshot }: { snapshot: RunSnapshot }) {
  const done = new Set([
    ...snapshot.plan.filter((step) => step.alreadyDone).map((step) => step.title),
    ...snapshot.steps.filter((step) => step.state === 'done' || step.state === 'skipped').map((step) => step.title),
  ]);
  return (
    <MessageBar intent="info" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>This run is being resumed.</MessageBarTitle>
        {done.size > 0
          ? `Already done, and skipped when the run continues: ${[...done].join('; ')}.`
          : 'No step had finished yet, so every step will run.'}
      </MessageBarBody>
    </MessageBar>
  );
}

function WarningAcknowledgements({ snapshot }: { snapshot: RunSnapshot }) {
  const styles = useStyles();
  const acknowledged = useWizardStore((state) => state.acknowledgedWarnings);
  const setWarningAcknowledged = useWizardStore((state) => state.setWarningAcknowledged);
  const warnings = snapshot.checks.filter((check) => check.status === 'warn');
  if (warnings.length === 0) return null;
  return (
    <div className={styles.acknowledgements}>
      <Text size={200}>Run stays disabled until you have read every warning:</Text>
      {warnings.map((check) => (
        <Checkbox
          key={check.id}
          checked={Boolean(acknowledged[check.id])}
          label={`I have read this warning: ${check.title}`}
          onChange={(_, data) => setWarningAcknowledged(check.id, data.checked === true)}
        />
      ))}
    </div>
  );
}

function PlanActions({ runId }: { runId: string }) {
  const styles = useStyles();
  const [status, setStatus] = useState('');

  const withPlanText = async (deliver: (text: string) => Promise<void> | void, done: string) => {
    try {
      await deliver(await wizardApi.call('run:plan-text', { runId }));
      setStatus(done);
    } catch (error) {
      setStatus(`Could not get the plan: ${error instanceof Error ? error.message : String(error)}`);
    }
  };

  const copy = () => withPlanText((text) => navigator.clipboard.writeText(text), 'Copied');

  const save = () =>
    withPlanText((text) => {
      const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
      const link = document.createElement('a');
      link.href = url;
      link.download = `plan-${runId}.txt`;
      link.click();
      // Revoking at once can cut the download short; a moment later the browser holds its own copy.
      window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    }, `Saved as plan-${runId}.txt in your downloads`);

  return (
    <div className={styles.actions}>
      <Button icon={<CopyRegular />} onClick={() => void copy()}>
        Copy plan
      </Button>
      <Button icon={<SaveRegular />} onClick={() => void save()}>
        Save plan
      </Button>
      <Text role="status" size={200}>
        {status}
      </Text>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  const headingId = useId();
  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {title}
      </h2>
      {children}
    </section>
  );
}

export function SummaryPage() {
  const styles = useStyles();
  const snapshot = useWizardStore((state) => state.snapshot);
  const checking = useWizardStore((state) => state.pending === 'prepare' || state.pending === 'resume');
  const busy = useWizardStore((state) => state.pending !== null);
  const recheck = useWizardStore((state) => state.recheck);

  const checkAgain = (
    <Button icon={<ArrowClockwiseRegular />} disabled={busy} onClick={() => void recheck()}>
      Check again
    </Button>
  );

  if (checking) {
    return <Spinner label="Checking the site and building the plan… nothing is changed while this runs." />;
  }
  if (!snapshot) {
    return (
      <div className={styles.page}>
        <Text>The checks could not be made. Fix the cause shown above, then check again.</Text>
        <div className={styles.actions}>{checkAgain}</div>
      </div>
    );
  }

  const failed = snapshot.checks.some((check) => check.status === 'fail');
  return (
    <div className={styles.page}>
      {snapshot.resumed && <ResumedNotice snapshot={snapshot} />}
      <Section title="Your answers">
        <dl className={styles.answers}>
          {snapshot.answersSummary.map((answer) => (
            <div key={answer.label} className={styles.answerRow}>
              <dt className={styles.term}>{answer.label}</dt>
              <dd className={styles.value}>{escapeText(answer.value)}</dd>
            </div>
          ))}
        </dl>
      </Section>
      <Section title="Checks">
        {failed && (
          <MessageBar intent="error" layout="multiline">
            <MessageBarBody>
              <MessageBarTitle>A failed check blocks the run</MessageBarTitle>
              Do what the failed check asks, then press Check again.
            </MessageBarBody>
          </MessageBar>
        )}
        <ChecksTable checks={snapshot.checks} label="Checks before the run" />
        <WarningAcknowledgements snapshot={snapshot} />
        <div className={styles.actions}>{checkAgain}</div>
      </Section>
      <Section title="Plan">
        <Text size={200}>
          Run performs these steps in this order, with exactly these commands. Passwords are shown masked; a character
          that cannot be seen (a line break, a right-to-left mark) is shown as {'{U+XXXX}'}, its Unicode code point.
        </Text>
        {/* Keyed by run so a "Copied" from an earlier check never vouches for a newer plan. */}
        <PlanActions key={snapshot.runId} runId={snapshot.runId} />
        <PlanList plan={snapshot.plan} />
      </Section>
    </div>
  );
}
