import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { DismissRegular } from '@fluentui/react-icons';
import { useWizardStore } from '../store/wizard-store';
import { ErrorDetails } from './error-details';

export function ErrorBar() {
  const error = useWizardStore((state) => state.error);
  const dismissError = useWizardStore((state) => state.dismissError);
  if (!error) return null;
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>The last action did not complete.</MessageBarTitle>
        {error.message}
        <ErrorDetails details={error.details} />
      </MessageBarBody>
      <MessageBarActions
        containerAction={
          <Button
            appearance="transparent"
            aria-label="Dismiss error"
            icon={<DismissRegular />}
            onClick={dismissError}
          />
        }
      />
    </MessageBar>
  );
}
