import { Dropdown, Field, Option, makeStyles } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { DrillSiteState } from '../../../shared/drill-contract';
import { wizardApi } from '../wizard-api';

const useStyles = makeStyles({
  field: { maxWidth: '420px' },
});

/**
 * In a drill the operator chooses which server of the simulated site they are signed in on,
 * as they would sit at a rebuilt server to restore its key.
 */
export function DrillSignIn({ servers }: { servers: { netbiosName: string; fqdn: string }[] }) {
  const styles = useStyles();
  const [state, setState] = useState<DrillSiteState | null>(null);
  const [error, setError] = useState<string | undefined>();

  useEffect(() => {
    let current = true;
    void wizardApi.call('drill:state').then((result) => current && setState(result));
    return () => {
      current = false;
    };
  }, []);

  const signIn = async (computer: string) => {
    try {
      setState(await wizardApi.call('drill:sign-in', { computer }));
      setError(undefined);
    } catch (failure) {
      setError((failure as Error).message);
    }
  };

  if (!state) return null;
  return (
    <Field
      className={styles.field}
      label="In this drill you are signed in on"
      hint="Checks such as “this computer is the server whose key this is” compare against this computer."
      validationMessage={error}
    >
      <Dropdown
        value={state.localComputer}
        selectedOptions={[state.localComputer]}
        onOptionSelect={(_, data) => data.optionValue && void signIn(data.optionValue)}
      >
        {servers.map((server) => (
          <Option key={server.netbiosName} value={server.netbiosName} text={server.netbiosName}>
            {server.netbiosName} ({server.fqdn})
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
