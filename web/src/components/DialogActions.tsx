import type { ReactNode } from 'react';

/**
 * A dialog's closing row: Cancel, then the step the dialog is for: the submit button of its form, or a
 * plain button given `onConfirm`. `danger` marks a step that cannot be taken back.
 */
export function DialogActions({
  cancelLabel,
  onCancel,
  cancelDisabled,
  confirmLabel,
  onConfirm,
  disabled,
  danger = false,
  testId,
}: {
  cancelLabel: string;
  onCancel: () => void;
  cancelDisabled?: boolean;
  confirmLabel: ReactNode;
  onConfirm?: () => void;
  disabled?: boolean;
  danger?: boolean;
  testId?: string;
}) {
  return (
    <div className="dialog-actions">
      <button type="button" className="button button-ghost" onClick={onCancel} disabled={cancelDisabled}>
        {cancelLabel}
      </button>
      <button
        type={onConfirm ? 'button' : 'submit'}
        className={danger ? 'button button-danger' : 'button button-primary'}
        disabled={disabled}
        onClick={onConfirm}
        data-testid={testId}
      >
        {confirmLabel}
      </button>
    </div>
  );
}
