import { Dropdown, Field, Option, makeStyles } from '@fluentui/react-components';
import { useEffect } from 'react';
import { useDrillStore } from '../store/drill-store';

const useStyles = makeStyles({
  field: { maxWidth: '560px' },
});

/**
 * In a drill the operator chooses which computer of the simulated site they are signed in on,
 * as they would sit at a rebuilt server to restore its key. Every computer of the simulated site
 * is offered, not only the manifest's servers: the spares a recovery moves onto are there too.
 */
export function DrillSignIn() {
  const styles = useStyles();
  const site = useDrillStore((state) => state.site);
  const refresh = useDrillStore((state) => state.refresh);
  const signIn = useDrillStore((state) => state.signIn);
  const busy = useDrillStore((state) => state.pending !== null);
  const error = useDrillStore((state) => (state.error?.call === 'sign-in' ? state.error.message : undefined));

  useEffect(() => {
    void refresh();
  }, [refresh]);

  if (!site) return null;
  return (
    <Field
      className={styles.field}
      label="In this drill you are signed in on"
      hint="Checks such as “this computer is the server whose key this is” compare against this computer."
      validationMessage={error}
    >
      <Dropdown
        value={site.localComputer}
        selectedOptions={[site.localComputer]}
        disabled={busy}
        onOptionSelect={(_, data) => data.optionValue && void signIn(data.optionValue)}
      >
        {site.computers.map((computer) => (
          <Option key={computer.name} value={computer.name} text={computer.name}>
            {computer.name} ({computer.fqdn}){computer.description ? ` — ${computer.description}` : ''}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
}
