import {
  Button,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowResetRegular } from '@fluentui/react-icons';
import type { RunSnapshot } from '../../../shared/run-contract';
import { ChecksTable } from '../components/checks-table';
import { formatMoment } from '../../../shared/local-time';
import { RunReportButton } from '../components/run-report';
import { StepsTable } from '../components/steps-table';
import { useWizardStore } from '../store/wizard-store';

const useStyles = makeStyles({
  page: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXL },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  journal: { fontFamily: tokens.fontFamilyMonospace, width: '100%' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalS },
});

function Outcome({ snapshot }: { snapshot: RunSnapshot }) {
  const verificationFailed = snapshot.verification.some((check) => check.status === 'fail');
  if (snapshot.phase === 'succeeded' && !verificationFailed) {
    return (
      <MessageBar intent="success" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Succeeded.</MessageBarTitle>
          {snapshot.outcomeMessage ?? 'Every step finished and the checks afterwards passed.'}
        </MessageBarBody>
      </MessageBar>
    );
  }
  if (snapshot.phase === 'abandoned') {
    return (
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Abandoned.</MessageBarTitle>
          {snapshot.outcomeMessage ?? 'The run was closed before it finished. Steps already done were not undone.'}
        </MessageBarBody>
      </MessageBar>
    );
  }
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>Not recovered.</MessageBarTitle>
        {snapshot.outcomeMessage ??
          (verificationFailed
            ? 'Every step ran, but the checks afterwards found a problem. See What to do below.'
            : 'The run did not finish.')}
      </MessageBarBody>
    </MessageBar>
  );
}

export function CompletionPage() {
  const styles = useStyles();
  const snapshot = useWizardStore((state) => state.snapshot);
  const startOver = useWizardStore((state) => state.startOver);
  if (!snapshot) return null;

  return (
    <div className={styles.page}>
      <Outcome snapshot={snapshot} />
      <section className={styles.section} aria-labelledby="verification-heading">
        <h2 id="verification-heading" className={styles.heading}>
          Checks after the run
        </h2>
        {snapshot.verification.length > 0 ? (
          <ChecksTable checks={snapshot.verification} label="Checks after the run" />
        ) : (
          <Text>No checks were made after this run.</Text>
        )}
      </section>
      {snapshot.steps.length > 0 && (
        <section className={styles.section} aria-labelledby="steps-heading">
          <h2 id="steps-heading" className={styles.heading}>
            Steps
          </h2>
          <StepsTable steps={snapshot.steps} />
        </section>
      )}
      <Field
        label="Run journal"
        hint={`Started ${formatMoment(snapshot.startedAt)}${
          snapshot.finishedAt ? `, finished ${formatMoment(snapshot.finishedAt)}` : ''
        }. The journal records every step; the report beside it is made from it.`}
      >
        <Input className={styles.journal} readOnly value={snapshot.journalPath} />
      </Field>
      <div className={styles.actions}>
        <Button appearance="primary" icon={<ArrowResetRegular />} onClick={startOver}>
          Start over
        </Button>
        <RunReportButton runId={snapshot.runId} label="Report of this run" />
      </div>
    </div>
  );
}
