import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { useWizardStore } from '../store/wizard-store';

/**
 * The real site's source on the start page: the recovery kit folder (its manifest is checked
 * against the kit index, then loaded) or a site manifest written by hand. The portable build
 * offers the kit found beside its .exe.
 */

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, maxWidth: '720px' },
  field: { flexGrow: 1 },
});

export function RealSiteKit({ busy }: { busy: boolean }) {
  const styles = useStyles();
  const loadRealSite = useWizardStore((state) => state.loadRealSite);
  const found = useWizardStore((state) => state.appInfo?.portableKitFolder);
  const [path, setPath] = useState(found ?? '');
  const canLoad = path.trim().length > 0 && !busy;
  const load = () => {
    if (canLoad) void loadRealSite(path);
  };
  return (
    <div className={styles.row}>
      <Field
        className={styles.field}
        label="Recovery kit folder, or its site manifest (site.json)"
        hint={
          found !== undefined
            ? `The kit found beside the wizard: ${found}`
            : 'For example E:\\RecoveryKit, or E:\\RecoveryKit\\site.json'
        }
      >
        <Input
          value={path}
          spellCheck={false}
          onChange={(_, data) => setPath(data.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') {
              event.preventDefault();
              load();
            }
          }}
        />
      </Field>
      <Button onClick={load} disabled={!canLoad}>
        Load the site
      </Button>
    </div>
  );
}
