import { Button, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { KitCheck, KitCheckProgress } from '../../../shared/recovery-kit';
import { useWizardStore } from '../store/wizard-store';
import { wizardApi } from '../wizard-api';
import { KitCheckProgressView, KitCheckResultView } from './kit-check-result';

/**
 * The real site's source on the start page: the recovery kit folder (every file verified against
 * the kit index, then its manifest loaded) or a site manifest written by hand. The portable build
 * offers the kit found beside its .exe.
 */

const useStyles = makeStyles({
  column: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', alignItems: 'flex-end', gap: tokens.spacingHorizontalS, maxWidth: '720px' },
  field: { flexGrow: 1 },
});

export function RealSiteKit({ busy }: { busy: boolean }) {
  const styles = useStyles();
  const loadRealSite = useWizardStore((state) => state.loadRealSite);
  const checkKit = useWizardStore((state) => state.checkKit);
  const found = useWizardStore((state) => state.appInfo?.portableKitFolder);
  const [path, setPath] = useState(found ?? '');
  const [checking, setChecking] = useState(false);
  const [progress, setProgress] = useState<KitCheckProgress | null>(null);
  const [check, setCheck] = useState<KitCheck | null>(null);
  useEffect(() => wizardApi.on('kit:check-progress', setProgress), []);
  const canLoad = path.trim().length > 0 && !busy && !checking;
  const load = async () => {
    if (!canLoad) return;
    setCheck(null);
    setProgress(null);
    setChecking(true);
    const result = await checkKit(path);
    setChecking(false);
    if (result === undefined) return;
    setCheck(result);
    if (result.verdict !== 'refused' && result.verdict !== 'damaged') await loadRealSite(result.path);
  };
  return (
    <div className={styles.column} data-testid="real-site-kit">
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
                void load();
              }
            }}
          />
        </Field>
        {/* Focusable while the kit is checked: focus dropped to the page makes Fluent's focus helpers tabbable. */}
        <Button onClick={() => void load()} disabledFocusable={!canLoad}>
          Verify and load the site
        </Button>
      </div>
      {checking && <KitCheckProgressView progress={progress} />}
      {check && (
        <KitCheckResultView check={check} busy={busy} onLoadAnyway={() => void loadRealSite(check.path, true)} />
      )}
    </div>
  );
}
