import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
} from '@fluentui/react-components';

export interface LeaveWizardDialogProps {
  open: boolean;
  onStay(): void;
  onLeave(): void;
}

/** Cancel before Run: the operator learns that nothing ran, and that the answers go. */
export function LeaveWizardDialog({ open, onStay, onLeave }: LeaveWizardDialogProps) {
  return (
    <Dialog open={open} modalType="modal" onOpenChange={(_, data) => (data.open ? undefined : onStay())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Stop this recovery?</DialogTitle>
          <DialogContent>
            Nothing has been run on the site. Your answers are cleared and the wizard goes back to Start.
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onStay}>
              Stay on this page
            </Button>
            <Button appearance="primary" onClick={onLeave}>
              Clear answers and go to Start
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
