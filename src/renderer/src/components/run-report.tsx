import { Button, MessageBar, MessageBarBody } from '@fluentui/react-components';
import { DocumentTextRegular } from '@fluentui/react-icons';
import { Suspense, useState } from 'react';
import { lazyComponent, useOpenedOnce } from '../lazy-component';
import { wizardApi } from '../wizard-api';
import type { ShownReport } from './run-report-dialog';

/**
 * A run's report, made from its journal by main and saved beside it, shown in a frame that runs
 * no script. The HTML comes over the wizard's own channel, never from an address, so the browser
 * host's token stays out of URLs. The desktop app saves it as PDF; a browser prints it.
 */

const RunReportDialog = lazyComponent(() => import('./run-report-dialog'), 'RunReportDialog');

export interface RunReportButtonProps {
  runId: string;
  label: string;
  /** The button's name for assistive technology where the short label alone does not say which run. */
  accessibleName?: string;
}

export function RunReportButton({ runId, label, accessibleName }: RunReportButtonProps) {
  const [shown, setShown] = useState<ShownReport | null>(null);
  const dialogOpened = useOpenedOnce(shown !== null);
  const [pdfPath, setPdfPath] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const attempt = async (work: () => Promise<void>) => {
    setBusy(true);
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(error instanceof Error ? error.message : String(error));
    } finally {
      setBusy(false);
    }
  };

  const open = () =>
    attempt(async () => {
      setPdfPath(null);
      setShown(await wizardApi.call('report:make', { runId }));
    });
  const savePdf = () =>
    attempt(async () => {
      setPdfPath((await wizardApi.call('report:save-pdf', { runId })).path);
    });
  const download = () => {
    if (!shown) return;
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([shown.html], { type: 'text/html' }));
    link.download = `${runId}.html`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <>
      <Button icon={<DocumentTextRegular />} onClick={() => void open()} disabled={busy} aria-label={accessibleName}>
        {label}
      </Button>
      {problem && !shown && (
        <MessageBar intent="error">
          <MessageBarBody>{problem}</MessageBarBody>
        </MessageBar>
      )}
      {dialogOpened && (
        <Suspense fallback={null}>
          <RunReportDialog
            runId={runId}
            shown={shown}
            pdfPath={pdfPath}
            problem={problem}
            busy={busy}
            onSavePdf={() => void savePdf()}
            onDownload={download}
            onClose={() => setShown(null)}
          />
        </Suspense>
      )}
    </>
  );
}
