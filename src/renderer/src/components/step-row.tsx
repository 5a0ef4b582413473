import { makeStyles, mergeClasses, ProgressBar, Text, tokens } from '@fluentui/react-components';
import {
  ArrowSyncCircleRegular,
  CheckmarkCircleFilled,
  CircleRegular,
  DismissCircleFilled,
  PauseCircleRegular,
  SkipForwardTabRegular,
} from '@fluentui/react-icons';
import { useLayoutEffect, useRef, type ReactElement } from 'react';
import type { StepState, StepStatus } from '../../../shared/run-contract';
import { formatMoment, formatSpan } from '../../../shared/local-time';
import { useNow } from './use-now';

const useStyles = makeStyles({
  row: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
  },
  running: { borderLeftColor: tokens.colorBrandStroke1, borderLeftWidth: tokens.strokeWidthThickest },
  failed: { borderLeftColor: tokens.colorPaletteRedBorder2, borderLeftWidth: tokens.strokeWidthThickest },
  head: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, flexWrap: 'wrap' },
  state: { display: 'inline-flex', alignItems: 'center', gap: tokens.spacingHorizontalXS, minWidth: '190px' },
  icon: { fontSize: '20px', flexShrink: 0 },
  done: { color: tokens.colorPaletteGreenForeground1 },
  error: { color: tokens.colorPaletteRedForeground1 },
  active: { color: tokens.colorBrandForeground1 },
  muted: { color: tokens.colorNeutralForeground3 },
  title: { fontWeight: tokens.fontWeightSemibold, flexGrow: 1 },
  elapsed: { fontVariantNumeric: 'tabular-nums', color: tokens.colorNeutralForeground2 },
  log: {
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    whiteSpace: 'pre-wrap',
    wordBreak: 'break-word',
    maxHeight: '180px',
    overflowY: 'auto',
    margin: 0,
    padding: tokens.spacingHorizontalS,
    backgroundColor: tokens.colorNeutralBackground3,
    borderRadius: tokens.borderRadiusMedium,
  },
});

export const STATE_TEXT: Record<StepState, string> = {
  pending: 'Pending',
  running: 'Running',
  done: 'Done',
  skipped: 'Skipped — already done',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

function StateIcon({ state }: { state: StepState }) {
  const styles = useStyles();
  const icons: Record<StepState, ReactElement> = {
    pending: <CircleRegular className={mergeClasses(styles.icon, styles.muted)} aria-hidden />,
    running: <ArrowSyncCircleRegular className={mergeClasses(styles.icon, styles.active)} aria-hidden />,
    done: <CheckmarkCircleFilled className={mergeClasses(styles.icon, styles.done)} aria-hidden />,
    skipped: <SkipForwardTabRegular className={mergeClasses(styles.icon, styles.muted)} aria-hidden />,
    failed: <DismissCircleFilled className={mergeClasses(styles.icon, styles.error)} aria-hidden />,
    cancelled: <PauseCircleRegular className={mergeClasses(styles.icon, styles.muted)} aria-hidden />,
  };
  return icons[state];
}

function StepProgress({ step }: { step: StepStatus }) {
  const label = `Progress of ${step.title}`;
  switch (step.state) {
    case 'running':
      // Without a percent the bar moves on its own, so a long step still looks alive.
      return <ProgressBar aria-label={label} value={step.percent === undefined ? undefined : step.percent / 100} />;
    case 'done':
    case 'skipped':
      return <ProgressBar aria-label={label} value={1} color="success" />;
    case 'failed':
      return <ProgressBar aria-label={label} value={(step.percent ?? 0) / 100} color="error" />;
    case 'pending':
    case 'cancelled':
      return <ProgressBar aria-label={label} value={(step.percent ?? 0) / 100} />;
  }
}

function StepLog({ step }: { step: StepStatus }) {
  const styles = useStyles();
  const ref = useRef<HTMLPreElement>(null);
  const lineCount = step.output.length;

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    // Follow new lines unless the operator scrolled up to read an earlier one.
    const nearBottom = element.scrollHeight - element.scrollTop - element.clientHeight < 48;
    if (nearBottom || lineCount <= 1) element.scrollTop = element.scrollHeight;
  }, [lineCount]);

  if (lineCount === 0) return null;
  return (
    <pre ref={ref} role="log" aria-label={`Output of ${step.title}`} tabIndex={0} className={styles.log}>
      {step.output.join('\n')}
    </pre>
  );
}

export function StepRow({ step }: { step: StepStatus }) {
  const styles = useStyles();
  const running = step.state === 'running';
  const now = useNow(running);
  const started = step.startedAt ? Date.parse(step.startedAt) : Number.NaN;
  const elapsed =
    step.durationMs !== undefined && !running
      ? formatSpan(step.durationMs)
      : running && !Number.isNaN(started)
        ? formatSpan(now - started)
        : '';
  const timing = [
    step.startedAt === undefined ? '' : `started ${formatMoment(step.startedAt)}`,
    elapsed && (running ? `running for ${elapsed}` : `took ${elapsed}`),
  ]
    .filter(Boolean)
    .join(', ');

  return (
    <div
      data-testid={`step-${step.id}`}
      data-state={step.state}
      className={mergeClasses(styles.row, running && styles.running, step.state === 'failed' && styles.failed)}
    >
      <div className={styles.head}>
        <span className={styles.state}>
          <StateIcon state={step.state} />
          <Text>{STATE_TEXT[step.state]}</Text>
        </span>
        <Text className={styles.title}>{step.title}</Text>
        <Text className={styles.elapsed} aria-label={timing ? `Step ${timing}` : undefined}>
          {timing}
        </Text>
      </div>
      <StepProgress step={step} />
      {step.progressMessage && running && <Text size={200}>{step.progressMessage}</Text>}
      {step.error && (
        <Text size={200} className={styles.error}>
          {step.error.message}
        </Text>
      )}
      <StepLog step={step} />
    </div>
  );
}
