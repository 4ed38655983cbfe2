import type { ReactNode } from 'react';
import { DialogActions } from './DialogActions.tsx';
import { Modal } from './Modal.tsx';

/**
 * A question before a step that cannot be taken back (disabling an account, resetting its authenticator):
 * Cancel, or the danger button that names the step. Escape and the close button cancel, except while the
 * step runs (`busy`: its button is disabled too).
 */
export function ConfirmDialog({
  open,
  title,
  description,
  cancelLabel,
  confirmLabel,
  busy,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  title: string;
  description: ReactNode;
  cancelLabel: string;
  confirmLabel: string;
  busy?: boolean;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  return (
    <Modal
      open={open}
      onOpenChange={(o) => !o && !busy && onCancel()}
      title={title}
      description={description}
    >
      <DialogActions
        cancelLabel={cancelLabel}
        onCancel={onCancel}
        confirmLabel={confirmLabel}
        onConfirm={onConfirm}
        disabled={busy}
        danger
      />
    </Modal>
  );
}
