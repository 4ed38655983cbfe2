import type { ReactNode } from 'react';
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
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onCancel}>
          {cancelLabel}
        </button>
        <button type="button" className="button button-danger" disabled={disabled} onClick={onConfirm}>
          {confirmLabel}
        </button>
      </div>
    </Modal>
  );
}
