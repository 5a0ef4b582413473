import { makeStyles, tokens } from '@fluentui/react-components';
import { useShallow } from 'zustand/react/shallow';
import { FlowField } from '../components/flow-field';
import { isFieldVisible, validatePage } from '../store/flow-answers';
import { fieldKey, pageKey, useWizardStore } from '../store/wizard-store';
import { currentFlowPage } from '../store/wizard-view';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
});

export function FlowPage() {
  const styles = useStyles();
  const { flowId, page, answers, touched, attempted } = useWizardStore(
    useShallow((state) => {
      const current = currentFlowPage(state);
      const id = state.selectedFlowId;
      return {
        flowId: id,
        page: current,
        answers: id ? state.answers[id] : undefined,
        touched: state.touched,
        attempted: Boolean(id && current && state.attemptedPages[pageKey(id, current.id)]),
      };
    }),
  );
  const setAnswer = useWizardStore((state) => state.setAnswer);
  const touchField = useWizardStore((state) => state.touchField);
  const goNext = useWizardStore((state) => state.goNext);
  if (!flowId || !page) return null;

  const values = answers ?? {};
  const errors = validatePage(flowId, page, values);

  return (
    <div className={styles.form}>
      {page.fields
        .filter((field) => isFieldVisible(field, values))
        .map((field) => (
          <FlowField
            key={field.name}
            field={field}
            value={values[field.name] ?? (field.kind === 'checkbox' ? false : '')}
            error={errors[field.name]}
            showError={attempted || Boolean(touched[fieldKey(flowId, field.name)])}
            onChange={(value) => setAnswer(field.name, value)}
            onBlur={() => touchField(field.name)}
            onSubmit={() => void goNext()}
          />
        ))}
    </div>
  );
}
