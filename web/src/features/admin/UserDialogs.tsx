import { useEffect, useState } from 'react';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { resetPassword, type UserRow } from './admin.api.ts';

/** Disabling ends every login of the account at once: asked before, never on a single click. */
export function ConfirmDisable({
  user,
  onCancel,
  onConfirm,
}: {
  user: UserRow | null;
  onCancel: () => void;
  onConfirm: (u: UserRow) => void;
}) {
  return (
    <Modal
      open={user !== null}
      onOpenChange={(o) => !o && onCancel()}
      title={`Disable ${user?.name || user?.email || 'this account'}?`}
      description={`${user?.email ?? ''} will be signed out everywhere at once and cannot sign in until an admin enables the account again. Their claims lapse; their staged decisions stay for a second reviewer.`}
    >
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="button button-danger" onClick={() => user && onConfirm(user)}>
          Disable account
        </button>
      </div>
    </Modal>
  );
}

/**
 * Resets a local password: the console makes a new one and shows it here once, for the admin to hand over
 * out of band. Closing the dialog forgets it; every login of the account has ended.
 */
export function ResetPasswordDialog({
  user,
  self,
  onClose,
  onReset,
}: {
  user: UserRow | null;
  self: boolean;
  onClose: () => void;
  onReset: () => void;
}) {
  const [password, setPassword] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (user) {
      setPassword(null);
      setError(null);
      setCopied(false);
    }
  }, [user]);

  const reset = async () => {
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      setPassword(await resetPassword(user.id));
      onReset();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={user !== null}
      onOpenChange={(o) => !o && !busy && onClose()}
      title={password ? 'New password' : `Reset the password of ${user?.email ?? ''}?`}
      description={
        password
          ? 'Shown this once. Hand it to the person out of band; the console keeps only its hash.'
          : `The console makes a new password and shows it to you once. Every login of ${user?.email ?? 'the account'} ends now${self ? ', including yours' : ''}.`
      }
    >
      {password ? (
        <div className="stack">
          <label className="field">
            <span>New password for {user?.email}</span>
            <input
              className="input mono"
              readOnly
              value={password}
              data-testid="new-password"
              onFocus={(e) => e.currentTarget.select()}
            />
          </label>
          <div className="dialog-actions">
            <button
              type="button"
              className="button"
              onClick={() =>
                void navigator.clipboard
                  ?.writeText(password)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false))
              }
            >
              {copied ? 'Copied' : 'Copy'}
            </button>
            <button type="button" className="button button-primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <div className="stack">
          <ErrorNotice error={error} title="Password not reset" />
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
              Cancel
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => void reset()}
              disabled={busy}
            >
              Reset password
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
