import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Textarea,
} from '@fluentui/react-components';
import { useState } from 'react';
import { useWizardStore } from '../store/wizard-store';

export interface AbandonDialogProps {
  runId: string;
  /** What the run is, in words, so the operator knows which run they are closing. */
  runLabel: string;
  open: boolean;
  onClose(): void;
}

const MIN_REASON = 3;

export function AbandonDialog({ runId, runLabel, open, onClose }: AbandonDialogProps) {
  const abandonRun = useWizardStore((state) => state.abandonRun);
  const busy = useWizardStore((state) => state.pending === 'abandon');
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const tooShort = reason.trim().length < MIN_REASON;

  const close = () => {
    setReason('');
    setTried(false);
    onClose();
  };

  const confirm = async () => {
    setTried(true);
    if (tooShort) return;
    if (await abandonRun(runId, reason)) close();
    else onClose();
  };

  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => (data.open ? undefined : close())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Abandon this run?</DialogTitle>
          <DialogContent>
            <p>
              {runLabel} will be closed for good: it can no longer be resumed or retried. Nothing already done on the
              servers is undone. The reason is kept with the run.
            </p>
            <Field
              label="Reason"
              required
              validationState={tried && tooShort ? 'error' : 'none'}
              validationMessage={
                tried && tooShort ? 'Say why the run is abandoned (at least 3 characters).' : undefined
              }
            >
              <Textarea value={reason} onChange={(_, data) => setReason(data.value)} resize="vertical" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={close} disabled={busy}>
              Keep the run
            </Button>
            <Button appearance="primary" onClick={() => void confirm()} disabled={busy || tooShort}>
              Abandon run
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
