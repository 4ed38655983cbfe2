import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
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
  const t = useT();
  return (
    <ConfirmDialog
      open={user !== null}
      title={t('admin.users.disable_title', {
        who: user?.name || user?.email || t('admin.users.this_account'),
      })}
      description={t('admin.users.disable_body', { email: user?.email ?? '' })}
      cancelLabel={t('admin.users.cancel')}
      confirmLabel={t('admin.users.disable_confirm')}
      onCancel={onCancel}
      onConfirm={() => user && onConfirm(user)}
    />
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
  const t = useT();
  const [password, setPassword] = useState<string | null>(null);
  const { busy, error, setError, run } = useAction();
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (user) {
      setPassword(null);
      setError(null);
      setCopied(false);
    }
  }, [user, setError]);

  const reset = async () => {
    if (!user) return;
    await run(async () => {
      setPassword(await resetPassword(user.id));
      onReset();
    });
  };

  return (
    <Modal
      open={user !== null}
      onOpenChange={(o) => !o && !busy && onClose()}
      title={
        password ? t('admin.users.new_password') : t('admin.users.reset_title', { email: user?.email ?? '' })
      }
      description={
        password
          ? t('admin.users.password_once')
          : t(self ? 'admin.users.reset_body_self' : 'admin.users.reset_body', {
              email: user?.email ?? t('admin.users.the_account'),
            })
      }
    >
      {password ? (
        <div className="stack">
          <label className="field">
            <span>{t('admin.users.new_password_for', { email: user?.email ?? '' })}</span>
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
              {t(copied ? 'admin.users.copied' : 'admin.users.copy')}
            </button>
            <button type="button" className="button button-primary" onClick={onClose}>
              {t('admin.users.done')}
            </button>
          </div>
        </div>
      ) : (
        <div className="stack">
          <ErrorNotice error={error} title={t('admin.users.reset_failed')} />
          <div className="dialog-actions">
            <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
              {t('admin.users.cancel')}
            </button>
            <button
              type="button"
              className="button button-danger"
              onClick={() => void reset()}
              disabled={busy}
            >
              {t('admin.users.reset_password')}
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
