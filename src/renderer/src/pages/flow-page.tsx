import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from '@fluentui/react-components';
import { useShallow } from 'zustand/react/shallow';
import { FlowField } from '../components/flow-field';
import { LookupPanel } from '../components/lookup-panel';
import { SummaryOffer } from '../components/summary-offer';
import { currentLookupResult, isFieldVisible, pageProblems, validatePage } from '../store/flow-answers';
import { fieldKey, pageKey, useWizardStore } from '../store/wizard-store';
import { currentFlowPage } from '../store/wizard-view';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function FlowPage() {
  const styles = useStyles();
  const { flowId, page, index, answers, defaults, touched, attempted, lookup } = useWizardStore(
    useShallow((state) => {
      const current = currentFlowPage(state);
      const id = state.selectedFlowId;
      return {
        flowId: id,
        page: current,
        index: state.step.kind === 'flow-page' ? state.step.index : 0,
        answers: id ? state.answers[id] : undefined,
        defaults: id ? state.descriptions[id]?.defaults : undefined,
        touched: state.touched,
        attempted: Boolean(id && current && state.attemptedPages[pageKey(id, current.id)]),
        lookup: id && current ? state.lookups[pageKey(id, current.id)] : undefined,
      };
    }),
  );
  const setAnswer = useWizardStore((state) => state.setAnswer);
  const touchField = useWizardStore((state) => state.touchField);
  const goNext = useWizardStore((state) => state.goNext);
  const runLookup = useWizardStore((state) => state.runLookup);
  if (!flowId || !page) return null;

  const values = answers ?? {};
  const errors = validatePage(flowId, page, values);
  const problems = pageProblems(page, values, errors);
  // Choices the site offered (the databases of a server) replace the ones the flow guessed.
  const found = currentLookupResult(page, values, lookup) ?? lookup?.result ?? null;

  return (
    <div className={styles.form}>
      <SummaryOffer current={index} />
      {problems.length > 0 && (
        <MessageBar intent="error" layout="multiline" role="alert">
          <MessageBarBody>
            <MessageBarTitle>Next is unavailable.</MessageBarTitle>
            {problems.map((problem) => (
              <div key={problem}>{problem}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {page.fields
        .filter((field) => isFieldVisible(field, values))
        .map((field) => {
          const value = values[field.name] ?? (field.kind === 'checkbox' ? false : '');
          const changed = field.changeWarning !== undefined && defaults?.[field.name] !== value;
          return (
            <FlowField
              key={field.name}
              field={{ ...field, options: found?.options?.[field.name] ?? field.options }}
              value={value}
              error={errors[field.name]}
              warning={changed ? field.changeWarning : undefined}
              showError={attempted || Boolean(touched[fieldKey(flowId, field.name)])}
              onChange={(next) => setAnswer(field.name, next)}
              onBlur={() => touchField(field.name)}
              onSubmit={() => void goNext()}
            />
          );
        })}
      <LookupPanel flowId={flowId} page={page} answers={values} entry={lookup} onRun={runLookup} />
    </div>
  );
}
