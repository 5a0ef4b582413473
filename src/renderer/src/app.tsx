import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { Suspense, useEffect, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { BottomBar } from './components/bottom-bar';
import { ErrorBar } from './components/error-bar';
import { PageRail } from './components/page-rail';
import { ScenarioBar } from './components/scenario-bar';
import { WizardHeader } from './components/wizard-header';
import { CompletionPage, FlowPage, ProgressPage, SummaryPage } from './pages/lazy-pages';
import { StartPage } from './pages/start-page';
import { useWizardStore, type WizardStep } from './store/wizard-store';
import { pageHeading } from './store/wizard-view';
import { wizardApi } from './wizard-api';

const useStyles = makeStyles({
  shell: {
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    fontFamily: tokens.fontFamilyBase,
  },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  main: {
    flexGrow: 1,
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalXXL} ${tokens.spacingHorizontalXXXL}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeHero700,
    lineHeight: tokens.lineHeightHero700,
    fontWeight: tokens.fontWeightSemibold,
    ':focus': { outlineStyle: 'none' },
  },
  description: { margin: 0, color: tokens.colorNeutralForeground2 },
});

function stepKey(step: WizardStep): string {
  return step.kind === 'flow-page' ? `flow-page-${step.index}` : step.kind;
}

function PageContent({ step }: { step: WizardStep }) {
  switch (step.kind) {
    case 'start':
      return <StartPage />;
    case 'flow-page':
      return <FlowPage />;
    case 'summary':
      return <SummaryPage />;
    case 'progress':
      return <ProgressPage />;
    case 'completion':
      return <CompletionPage />;
  }
}

export function App() {
  const styles = useStyles();
  const step = useWizardStore((state) => state.step);
  const heading = useWizardStore(
    useShallow((state) =>
      pageHeading({ step: state.step, selectedFlowId: state.selectedFlowId, descriptions: state.descriptions }),
    ),
  );
  const receiveRunEvent = useWizardStore((state) => state.receiveRunEvent);
  const titleRef = useRef<HTMLHeadingElement>(null);
  const key = stepKey(step);

  // Subscribed for the whole session: a run keeps reporting whichever page is showing.
  useEffect(() => wizardApi.on('run:event', receiveRunEvent), [receiveRunEvent]);

  // A new page moves focus to its title, so keyboard and screen-reader users start reading at the top.
  useEffect(() => {
    titleRef.current?.focus();
  }, [key]);

  return (
    <div className={styles.shell}>
      <WizardHeader />
      <ScenarioBar />
      <div className={styles.body}>
        <PageRail />
        <main className={styles.main}>
          <h1 ref={titleRef} tabIndex={-1} className={styles.title}>
            {heading.title}
          </h1>
          <p className={styles.description}>{heading.description}</p>
          <ErrorBar />
          <Suspense fallback={<Spinner size="small" label="Loading the page…" labelPosition="after" />}>
            <PageContent key={key} step={step} />
          </Suspense>
        </main>
      </div>
      <BottomBar />
    </div>
  );
}
