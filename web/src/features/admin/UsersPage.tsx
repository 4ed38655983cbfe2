import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useUser } from '../../app/auth-context.tsx';
import { ROLES } from '../../app/permissions.ts';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import { createUser, fetchUsers, resetTotp, type UserRow, updateUser } from './admin.api.ts';
import { ConfirmDisable, ResetPasswordDialog } from './UserDialogs.tsx';

const col = createColumnHelper<UserRow>();

function RoleChecks({ value, onChange }: { value: string[]; onChange: (roles: string[]) => void }) {
  return (
    <fieldset className="fieldset">
      <legend>Roles</legend>
      <div className="check-grid">
        {ROLES.map((r) => (
          <label key={r} className="check">
            <input
              type="checkbox"
              checked={value.includes(r)}
              onChange={(e) => onChange(e.target.checked ? [...value, r] : value.filter((x) => x !== r))}
            />
            {r}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

export default function UsersPage() {
  const me = useUser();
  const toast = useToast();
  const users = useResource('users', (s) => fetchUsers(s));
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserRow | null>(null);
  const [confirmReset, setConfirmReset] = useState<UserRow | null>(null);
  const [confirmDisable, setConfirmDisable] = useState<UserRow | null>(null);
  const [resetting, setResetting] = useState<UserRow | null>(null);

  const act = async (what: string, fn: () => Promise<void>) => {
    try {
      await fn();
      toast({ tone: 'success', title: what });
      await users.reload();
      return true;
    } catch (e) {
      toast({ tone: 'error', title: `${what}: failed`, description: errorMessage(e) });
      return false;
    }
  };

  const columns = [
    col.accessor('email', {
      header: 'User',
      cell: (c) => (
        <div className="cell-stack">
          <span>{c.row.original.name || c.getValue()}</span>
          <small className="muted">{c.getValue()}</small>
        </div>
      ),
    }),
    col.accessor('roles', {
      header: 'Roles',
      cell: (c) => (
        <span className="cell-row">
          {c.getValue().map((r) => (
            <span key={r} className="tag">
              {r}
            </span>
          ))}
        </span>
      ),
    }),
    col.accessor('totp', {
      header: 'Second factor',
      cell: (c) => (c.getValue() ? 'TOTP' : <span className="muted">none</span>),
    }),
    col.accessor('disabled', {
      header: 'State',
      cell: (c) =>
        c.getValue() ? (
          <span className="badge badge-bad">Disabled</span>
        ) : (
          <span className="badge badge-ok">Active</span>
        ),
    }),
    col.accessor('lastLoginAt', { header: 'Last sign-in', cell: (c) => formatDateTime(c.getValue()) }),
    col.display({
      id: 'actions',
      header: 'Actions',
      cell: (c) => {
        const u = c.row.original;
        const self = u.id === me.id;
        return (
          <span className="cell-row actions-cell">
            <button type="button" className="button small" onClick={() => setEditing(u)}>
              Roles
            </button>
            <button
              type="button"
              className="button small"
              disabled={self}
              title={self ? 'You cannot disable yourself' : undefined}
              onClick={() =>
                u.disabled
                  ? void act(`Enabled ${u.email}`, () => updateUser(u.id, { disabled: false }))
                  : setConfirmDisable(u)
              }
            >
              {u.disabled ? 'Enable' : 'Disable'}
            </button>
            <button
              type="button"
              className="button small"
              disabled={!u.hasPassword}
              title={u.hasPassword ? undefined : 'This account signs in with single sign-on only'}
              onClick={() => setResetting(u)}
            >
              Reset password
            </button>
            <button
              type="button"
              className="button small"
              disabled={!u.totp}
              onClick={() => setConfirmReset(u)}
            >
              Reset second factor
            </button>
          </span>
        );
      },
    }),
  ];

  return (
    <section aria-labelledby="users-title">
      <PageHeader title="Users" id="users-title">
        <button type="button" className="button button-primary" onClick={() => setCreating(true)}>
          New user
        </button>
      </PageHeader>
      <ErrorNotice error={users.error} title="Users could not be loaded" />
      <DataTable
        data={users.data ?? []}
        columns={columns}
        getRowId={(u) => u.id}
        caption="Users"
        loading={users.loading}
        testId="users-table"
      />
      <CreateUserDialog open={creating} onOpenChange={setCreating} onCreated={() => void users.reload()} />
      {editing && (
        <EditRolesDialog
          user={editing}
          onClose={() => setEditing(null)}
          onSave={async (roles) => {
            if (await act(`Roles of ${editing.email} updated`, () => updateUser(editing.id, { roles })))
              setEditing(null);
          }}
        />
      )}
      <ConfirmDisable
        user={confirmDisable}
        onCancel={() => setConfirmDisable(null)}
        onConfirm={async (u) => {
          if (await act(`Disabled ${u.email}`, () => updateUser(u.id, { disabled: true })))
            setConfirmDisable(null);
        }}
      />
      <ResetPasswordDialog
        user={resetting}
        self={resetting?.id === me.id}
        onClose={() => setResetting(null)}
        onReset={() => void users.reload()}
      />
      <Modal
        open={confirmReset !== null}
        onOpenChange={(o) => !o && setConfirmReset(null)}
        title="Reset second factor?"
        description={`${confirmReset?.email ?? ''} will have to enrol a new authenticator at their next sign-in.`}
      >
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={() => setConfirmReset(null)}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            onClick={async () => {
              const u = confirmReset!;
              if (await act(`Second factor of ${u.email} reset`, () => resetTotp(u.id)))
                setConfirmReset(null);
            }}
          >
            Reset
          </button>
        </div>
      </Modal>
    </section>
  );
}

function EditRolesDialog({
  user,
  onClose,
  onSave,
}: {
  user: UserRow;
  onClose: () => void;
  onSave: (roles: string[]) => void;
}) {
  const [roles, setRoles] = useState(user.roles);
  return (
    <Modal open onOpenChange={(o) => !o && onClose()} title={`Roles of ${user.email}`}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          onSave(roles);
        }}
      >
        <RoleChecks value={roles} onChange={setRoles} />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={roles.length === 0}>
            Save
          </button>
        </div>
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
  const [form, setForm] = useState({ email: '', name: '', password: '', roles: ['reviewer'] });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  return (
    <Modal open={open} onOpenChange={onOpenChange} title="New user">
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          try {
            await createUser({ ...form, email: form.email.trim(), name: form.name.trim() });
            setForm({ email: '', name: '', password: '', roles: ['reviewer'] });
            onOpenChange(false);
            onCreated();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <label className="field">
          <span>Email</span>
          <input
            className="input"
            type="email"
            required
            value={form.email}
            onChange={(e) => setForm({ ...form, email: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Name</span>
          <input
            className="input"
            required
            value={form.name}
            onChange={(e) => setForm({ ...form, name: e.target.value })}
          />
        </label>
        <label className="field">
          <span>Initial password</span>
          <input
            className="input"
            type="password"
            autoComplete="new-password"
            minLength={12}
            required
            value={form.password}
            onChange={(e) => setForm({ ...form, password: e.target.value })}
          />
          <small className="muted">At least 12 characters. Hand it over out of band.</small>
        </label>
        <RoleChecks value={form.roles} onChange={(roles) => setForm({ ...form, roles })} />
        <ErrorNotice error={error} title="User not created" />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={() => onOpenChange(false)}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy || form.roles.length === 0}>
            Create
          </button>
        </div>
      </form>
    </Modal>
  );
}
