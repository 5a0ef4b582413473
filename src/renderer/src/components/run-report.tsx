import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Text,
  tokens,
} from '@fluentui/react-components';
import { ArrowDownloadRegular, DocumentPdfRegular, DocumentTextRegular, PrintRegular } from '@fluentui/react-icons';
import { useRef, useState } from 'react';
import { wizardApi } from '../wizard-api';
import { useWizardStore } from '../store/wizard-store';

/**
 * A run's report, made from its journal by main and saved beside it, shown in a frame that runs
 * no script. The HTML comes over the wizard's own channel, never from an address, so the browser
 * host's token stays out of URLs. The desktop app saves it as PDF; a browser prints it.
 */

const useStyles = makeStyles({
  surface: { width: 'min(1100px, 96vw)', maxWidth: '96vw' },
  frame: {
    width: '100%',
    height: '70vh',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: '#ffffff',
  },
  saved: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
});

interface Shown {
  html: string;
  path: string;
}

export interface RunReportButtonProps {
  runId: string;
  label: string;
  /** The button's name for assistive technology where the short label alone does not say which run. */
  accessibleName?: string;
}

export function RunReportButton({ runId, label, accessibleName }: RunReportButtonProps) {
  const styles = useStyles();
  const host = useWizardStore((state) => state.appInfo?.host);
  const frame = useRef<HTMLIFrameElement>(null);
  const [shown, setShown] = useState<Shown | null>(null);
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
      <Dialog
        open={shown !== null}
        modalType="modal"
        onOpenChange={(_, data) => (data.open ? undefined : setShown(null))}
      >
        <DialogSurface className={styles.surface}>
          <DialogBody>
            <DialogTitle>Report of run {runId}</DialogTitle>
            <DialogContent>
              {shown && (
                <>
                  <Text as="p">
                    Saved beside the journal: <span className={styles.saved}>{shown.path}</span>
                  </Text>
                  {pdfPath && (
                    <Text as="p">
                      PDF saved: <span className={styles.saved}>{pdfPath}</span>
                    </Text>
                  )}
                  {problem && (
                    <MessageBar intent="error">
                      <MessageBarBody>{problem}</MessageBarBody>
                    </MessageBar>
                  )}
                  <iframe
                    ref={frame}
                    className={styles.frame}
                    title={`Report of run ${runId}`}
                    // Same origin so Print can reach the frame; no allow-scripts, so nothing in it runs.
                    sandbox="allow-same-origin allow-modals"
                    srcDoc={shown.html}
                  />
                </>
              )}
            </DialogContent>
            <DialogActions>
              {host === 'electron' ? (
                <Button icon={<DocumentPdfRegular />} onClick={() => void savePdf()} disabled={busy}>
                  Save as PDF
                </Button>
              ) : (
                <Button icon={<ArrowDownloadRegular />} onClick={download}>
                  Download
                </Button>
              )}
              <Button icon={<PrintRegular />} onClick={() => frame.current?.contentWindow?.print()}>
                Print
              </Button>
              <Button appearance="primary" onClick={() => setShown(null)}>
                Close
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </>
  );
}
