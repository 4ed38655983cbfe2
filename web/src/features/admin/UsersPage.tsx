import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { useUser } from '../../app/auth-context.tsx';
import { ROLES, type Role } from '../../app/permissions.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { TextField } from '../../components/Field.tsx';
import { ListPage } from '../../components/ListPage.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice, LocalTime } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { roleLabel } from '../../i18n/roles.ts';
import { useResource } from '../../lib/use-resource.ts';
import { createUser, fetchUsers, resetTotp, type UserRow, updateUser } from './admin.api.ts';
import { ConfirmDisable, ResetPasswordDialog } from './UserDialogs.tsx';
import './admin.css';
import { DialogActions } from '../../components/DialogActions.tsx';
import { useAction, useToastedSteps } from '../../lib/use-action.ts';

const col = createColumnHelper<UserRow>();

function RoleChecks({ value, onChange }: { value: Role[]; onChange: (roles: Role[]) => void }) {
  const t = useT();
  return (
    <fieldset className="fieldset">
      <legend>{t('admin.users.roles')}</legend>
      <div className="check-grid">
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              checked={value.includes(r)}
              onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
            />
            {roleLabel(r)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export default function UsersPage() {
  const me = useUser();
  const t = useT();
  const users = useResource('users', (s) => fetchUsers(s));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [confirmReset, setConfirmReset] = useState<UserRow | null>(null);
  const [confirmDisable, setConfirmDisable] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);

  const { act } = useToastedSteps(users.reload, (what) => t('admin.users.failed_action', { what }));
  /** A dialog's action: toasted as `done`, and the dialog closes once it succeeded (it stays open on a failure). */
  const actAndClose = async (done: string, call: () => Promise<unknown>, close: () => void) => {
    if (await act(done, call)) close();
  };

  const columns = [
    col.accessor('email', {
      header: t('admin.users.col_user'),
      cell: (c) => (
        <div className="cell-stack">
          <span dir="auto">{c.row.original.name || c.getValue()}</span>
          <small className="muted">{c.getValue()}</small>
        </div>
      ),
    }),
    col.accessor('roles', {
      header: t('admin.users.roles'),
      cell: (c) => (
        <span className="cell-row">
          {c.getValue().map((r) => (
            <span key={r} className="tag">
              {roleLabel(r)}
            </span>
          ))}
        </span>
      ),
    }),
    col.accessor('totp', {
      header: t('admin.users.col_totp'),
      cell: (c) => (c.getValue() ? 'TOTP' : <span className="muted">{t('admin.users.none')}</span>),
    }),
    col.accessor('disabled', {
      header: t('admin.users.col_state'),
      cell: (c) =>
        c.getValue() ? (
          <span className="badge badge-bad">{t('admin.users.disabled')}</span>
        ) : (
          <span className="badge badge-ok">{t('admin.users.active')}</span>
        ),
    }),
    col.accessor('lastLoginAt', {
      header: t('admin.users.col_last_login'),
      cell: (c) => <LocalTime iso={c.getValue()} />,
    }),
    col.display({
      id: 'actions',
      header: t('admin.users.col_actions'),
      cell: (c) => {
        const u = c.row.original;
        const self = u.id === me.id;
        return (
          <span className="cell-row actions-cell">
            <button type="button" className="button small" onClick={() => setEditing(u)}>
              {t('admin.users.roles')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={self}
              title={self ? t('admin.users.cannot_disable_self') : undefined}
              onClick={() =>
                u.disabled
                  ? void act(t('admin.users.enabled', { email: u.email }), () =>
                      updateUser(u.id, { disabled: false }),
                    )
                  : setConfirmDisable(u)
              }
            >
              {t(u.disabled ? 'admin.users.enable' : 'admin.users.disable')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!u.hasPassword}
              title={u.hasPassword ? undefined : t('admin.users.sso_only')}
              onClick={() => setResetting(u)}
            >
              {t('admin.users.reset_password')}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!u.totp}
              onClick={() => setConfirmReset(u)}
            >
              {t('admin.users.reset_totp')}
            </button>
          </span>
        );
      },
    }),
  ];

  return (
    <ListPage
      title={t('admin.users.title')}
      titleId="users-title"
      actions={
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          {t('admin.users.new')}
        </button>
      }
      errorTitle={t('admin.users.load_failed')}
      list={users}
      rows={(d) => d}
      table={{
        columns,
        getRowId: (u) => u.id,
        caption: t('admin.users.title'),
        testId: 'users-table',
      }}
    >
      <CreateUserDialog open={creating} onOpenChange={setCreating} onCreated={() => void users.reload()} />
      {editing && (
        <EditRolesDialog
          user={editing}
          onClose={() => setEditing(null)}
          onSave={(roles) =>
            actAndClose(
              t('admin.users.roles_updated', { email: editing.email }),
              () => updateUser(editing.id, { roles }),
              () => setEditing(null),
            )
          }
        />
      )}
      <ConfirmDisable
        user={confirmDisable}
        onCancel={() => setConfirmDisable(null)}
        onConfirm={(u) =>
          actAndClose(
            t('admin.users.disabled_toast', { email: u.email }),
            () => updateUser(u.id, { disabled: true }),
            () => setConfirmDisable(null),
          )
        }
      />
      <ResetPasswordDialog
        user={resetting}
        self={resetting?.id === me.id}
        onClose={() => setResetting(null)}
        onReset={() => void users.reload()}
      />
      <ConfirmDialog
        open={confirmReset !== null}
        title={t('admin.users.reset_totp_title')}
        description={t('admin.users.reset_totp_body', { email: confirmReset?.email ?? '' })}
        cancelLabel={t('admin.users.cancel')}
        confirmLabel={t('admin.users.reset')}
        onCancel={() => setConfirmReset(null)}
        onConfirm={() =>
          actAndClose(
            t('admin.users.totp_reset', { email: confirmReset!.email }),
            () => resetTotp(confirmReset!.id),
            () => setConfirmReset(null),
          )
        }
      />
    </ListPage>
  );
}

function EditRolesDialog({
  user,
  onClose,
  onSave,
}: {
  user: UserRow;
  onClose: () => void;
  onSave: (roles: Role[]) => void;
}) {
  const t = useT();
  const [roles, setRoles] = useState(user.roles);
  return (
    <Modal
      open
      onOpenChange={(o) => !o && onClose()}
      title={t('admin.users.roles_of', { email: user.email })}
    >
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(roles);
        }}
      >
        <RoleChecks value={roles} onChange={setRoles} />
        <DialogActions
          cancelLabel={t('admin.users.cancel')}
          onCancel={onClose}
          confirmLabel={t('admin.users.save')}
          disabled={roles.length === 0}
        />
      </form>
    </Modal>
  );
}

function CreateUserDialog({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean;
  onOpenChange: (o: boolean) => void;
  onCreated: () => void;
}) {
  const t = useT();
  const [form, setForm] = useState({ email: '', name: '', password: '', roles: ['reviewer'] as Role[] });
  const { busy, error, run } = useAction();
  return (
    <Modal open={open} onOpenChange={onOpenChange} title={t('admin.users.new')}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            await createUser({ ...form, email: form.email.trim(), name: form.name.trim() });
            setForm({ email: '', name: '', password: '', roles: ['reviewer'] });
            onOpenChange(false);
            onCreated();
          });
        }}
      >
        <TextField
          label={t('admin.users.email')}
          type="email"
          required
          value={form.email}
          onValue={(email) => setForm({ ...form, email })}
        />
        <TextField
          label={t('admin.users.name')}
          required
          value={form.name}
          onValue={(name) => setForm({ ...form, name })}
        />
        <TextField
          label={t('admin.users.initial_password')}
          hint={t('admin.users.password_hint')}
          type="password"
          autoComplete="new-password"
          minLength={12}
          required
          value={form.password}
          onValue={(password) => setForm({ ...form, password })}
        />
        <RoleChecks value={form.roles} onChange={(roles) => setForm({ ...form, roles })} />
        <ErrorNotice error={error} title={t('admin.users.create_failed')} />
        <DialogActions
          cancelLabel={t('admin.users.cancel')}
          onCancel={() => onOpenChange(false)}
          confirmLabel={t('admin.users.create')}
          disabled={busy || form.roles.length === 0}
        />
      </form>
    </Modal>
  );
}
