import {
  Badge,
  Field,
  Input,
  makeStyles,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  tokens,
} from '@fluentui/react-components';
import type { PlannedStep } from '../../../shared/run-contract';
import { useWizardStore } from '../store/wizard-store';
import { commandText } from '../../../shared/plan-format';
import { escapeText } from '../../../shared/validation/display-escape';

const useStyles = makeStyles({
  list: {
    margin: 0,
    paddingLeft: tokens.spacingHorizontalXXL,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  item: { paddingLeft: tokens.spacingHorizontalXS },
  title: {
    display: 'flex',
    alignItems: 'center',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    fontWeight: tokens.fontWeightSemibold,
  },
  command: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    backgroundColor: tokens.colorNeutralBackground3,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: tokens.spacingHorizontalS,
    margin: `${tokens.spacingVerticalXS} 0 0`,
  },
  skipped: { color: tokens.colorNeutralForeground3 },
  fallback: {
    marginTop: tokens.spacingVerticalXS,
    marginLeft: tokens.spacingHorizontalXXL,
    paddingLeft: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  destructive: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    marginTop: tokens.spacingVerticalS,
  },
  confirm: { maxWidth: '320px' },
});

function DestructiveConfirmation({ step }: { step: PlannedStep }) {
  const styles = useStyles();
  const typed = useWizardStore((state) => state.confirmations[step.id] ?? '');
  const setConfirmation = useWizardStore((state) => state.setConfirmation);
  if (!step.destructive) return null;
  const { warning, confirmWord } = step.destructive;
  const matches = typed.trim() === confirmWord;
  return (
    <div className={styles.destructive}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>This step cannot be undone.</MessageBarTitle>
          {escapeText(warning)}
        </MessageBarBody>
      </MessageBar>
      <Field
        className={styles.confirm}
        label={`Type ${confirmWord} to confirm`}
        validationState={matches ? 'success' : typed.trim() === '' ? 'none' : 'error'}
        validationMessage={
          matches ? 'Confirmed.' : typed.trim() === '' ? undefined : `Type exactly ${confirmWord} (capitals matter).`
        }
      >
        <Input
          value={typed}
          autoComplete="off"
          spellCheck={false}
          onChange={(_, data) => setConfirmation(step.id, data.value)}
        />
      </Field>
    </div>
  );
}

export function PlanList({ plan }: { plan: PlannedStep[] }) {
  const styles = useStyles();
  return (
    <ol className={styles.list} aria-label="Plan">
      {plan.map((step) => (
        <li key={step.id} className={styles.item} data-testid={`plan-${step.id}`}>
          <div className={styles.title}>
            <span className={step.alreadyDone ? styles.skipped : undefined}>{escapeText(step.title)}</span>
            {step.alreadyDone && (
              <Badge appearance="tint" color="informative">
                Already done — will be skipped
              </Badge>
            )}
          </div>
          {step.commands.map((command, index) =>
            command.kind === 'program' && command.fallbackFor ? (
              <div key={index} className={styles.fallback}>
                <pre className={styles.command}>{commandText(command)}</pre>
              </div>
            ) : (
              <pre key={index} className={styles.command}>
                {commandText(command)}
              </pre>
            ),
          )}
          {step.destructive && !step.alreadyDone && <DestructiveConfirmation step={step} />}
        </li>
      ))}
    </ol>
  );
}
