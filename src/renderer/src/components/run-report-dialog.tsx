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
import { ArrowDownloadRegular, DocumentPdfRegular, PrintRegular } from '@fluentui/react-icons';
import { useRef } from 'react';
import { useWizardStore } from '../store/wizard-store';

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

export interface ShownReport {
  html: string;
  path: string;
}

export interface RunReportDialogProps {
  runId: string;
  /** The report on show; null closes the dialog. */
  shown: ShownReport | null;
  pdfPath: string | null;
  problem: string | null;
  busy: boolean;
  onSavePdf(): void;
  onDownload(): void;
  onClose(): void;
}

/** The report of run-report's button, in its own module: the Start page lists past runs without loading it. */
export function RunReportDialog({
  runId,
  shown,
  pdfPath,
  problem,
  busy,
  onSavePdf,
  onDownload,
  onClose,
}: RunReportDialogProps) {
  const styles = useStyles();
  const host = useWizardStore((state) => state.appInfo?.host);
  const frame = useRef<HTMLIFrameElement>(null);
  return (
    <Dialog open={shown !== null} modalType="modal" onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
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
              <Button icon={<DocumentPdfRegular />} onClick={onSavePdf} disabled={busy}>
                Save as PDF
              </Button>
            ) : (
              <Button icon={<ArrowDownloadRegular />} onClick={onDownload}>
                Download
              </Button>
            )}
            <Button icon={<PrintRegular />} onClick={() => frame.current?.contentWindow?.print()}>
              Print
            </Button>
            <Button appearance="primary" onClick={onClose}>
              Close
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
