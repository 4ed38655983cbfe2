import type { ReactNode } from 'react';
import { DialogActions } from './DialogActions.tsx';
import { Modal } from './Modal.tsx';

/**
 * A question before a step that cannot be taken back (disabling an account, resetting its authenticator):
 * Cancel, or the danger button that names the step. Escape and the close button cancel.
 */
export function ConfirmDialog({
  open,
  title,
  description,
  cancelLabel,
  confirmLabel,
  disabled,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  description: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  disabled?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal open={open} onOpenChange={(o) => !o && onCancel()} title={title} description={description}>
      <DialogActions
        cancelLabel={cancelLabel}
        onCancel={onCancel}
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        disabled={disabled}
        danger
      />
    </Modal>
  );
}
