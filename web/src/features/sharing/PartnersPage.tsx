import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  createPartner,
  fetchPartners,
  type Partner,
  type PartnerInput,
  updatePartner,
} from './sharing.api.ts';
import './sharing.css';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMPTY: PartnerInput = {
  name: '',
  application_id: '',
  contact: null,
  default_trust_review: false,
  notes: '',
};

function PartnerForm({
  initial,
  onSaved,
  onCancel,
}: {
  initial: Partner | null;
  onSaved: (p: Partner) => void;
  onCancel: () => void;
}) {
  const [form, setForm] = useState<PartnerInput>(
    initial
      ? {
          name: initial.name,
          application_id: initial.application_id,
          contact: initial.contact,
          default_trust_review: initial.default_trust_review,
          notes: initial.notes,
        }
      : EMPTY,
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const idOk = UUID.test(form.application_id.trim());
  return (
    <form
      className="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        const input = {
          ...form,
          application_id: form.application_id.trim(),
          contact: form.contact?.trim() || null,
        };
        (initial ? updatePartner(initial.id, input) : createPartner(input))
          .then(onSaved)
          .catch(setError)
          .finally(() => setBusy(false));
      }}
    >
      <label className="field">
        <span>Name</span>
        <input
          className="input"
          required
          maxLength={200}
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.target.value })}
          data-autofocus
        />
      </label>
      <label className="field">
        <span>Didit application id</span>
        <input
          className="input mono"
          required
          value={form.application_id}
          onChange={(e) => setForm({ ...form, application_id: e.target.value })}
          placeholder="3f1c2a4e-0000-4000-8000-000000000000"
          aria-invalid={form.application_id !== '' && !idOk}
        />
        <span className="hint">
          Ask the partner: it is in their Didit console under Settings → Application. Tokens you mint for this
          partner are bound to it.
        </span>
      </label>
      <label className="field">
        <span>Contact</span>
        <input
          className="input"
          maxLength={500}
          value={form.contact ?? ''}
          onChange={(e) => setForm({ ...form, contact: e.target.value })}
          placeholder="Who to ask for a new token (team, e-mail, channel)"
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.default_trust_review}
          onChange={(e) => setForm({ ...form, default_trust_review: e.target.checked })}
        />
        <span>Trust this partner’s decisions by default when importing</span>
      </label>
      <p className="hint">
        Off (recommended for a new partner): imported sessions land In Review for our own compliance call. On:
        they keep the partner’s status (Approved stays Approved) — only with a signed data-sharing agreement.
      </p>
      <label className="field">
        <span>Notes</span>
        <textarea
          className="input"
          rows={3}
          maxLength={5000}
          value={form.notes}
          onChange={(e) => setForm({ ...form, notes: e.target.value })}
          placeholder="Agreement reference, scope, review dates…"
        />
      </label>
      {error ? <ErrorNotice error={error} title="The partner could not be saved" /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !idOk || form.name.trim() === ''}
        >
          {busy ? 'Saving…' : initial ? 'Save changes' : 'Add partner'}
        </button>
      </div>
    </form>
  );
}

const col = createColumnHelper<Partner>();

export default function PartnersPage() {
  const { can } = useAuth();
  const toast = useToast();
  const partners = useResource('partners', (s) => fetchPartners(s));
  const canEdit = can('POST', '/api/partners');
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);

  const columns = [
    col.accessor('name', { header: 'Partner', cell: (c) => <strong>{c.getValue()}</strong> }),
    col.accessor('application_id', {
      header: 'Didit application id',
      cell: (c) => <span className="mono small">{c.getValue()}</span>,
    }),
    col.accessor('contact', {
      header: 'Contact',
      cell: (c) => c.getValue() ?? <span className="muted">—</span>,
    }),
    col.accessor('default_trust_review', {
      header: 'Imports by default',
      cell: (c) =>
        c.getValue() ? (
          <span className="badge badge-warn">Keep their decision</span>
        ) : (
          <span className="badge badge-review">Review ourselves</span>
        ),
    }),
    col.accessor('shares', {
      header: 'Tokens minted',
      cell: (c) => <Link to={`/sharing/shares?partner=${c.row.original.id}`}>{c.getValue()}</Link>,
    }),
    col.accessor('imports', {
      header: 'Sessions imported',
      cell: (c) => <Link to={`/sharing/reliance?partner=${c.row.original.id}`}>{c.getValue()}</Link>,
    }),
    col.accessor('updated_at', { header: 'Updated', cell: (c) => formatDateTime(c.getValue()) }),
    ...(canEdit
      ? [
          col.display({
            id: 'edit',
            header: '',
            cell: (c) => (
              <button type="button" className="button small" onClick={() => setEditing(c.row.original)}>
                Edit
              </button>
            ),
          }),
        ]
      : []),
  ];

  return (
    <section aria-labelledby="partners-title">
      <PageHeader title="Partners" id="partners-title">
        {canEdit && (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            Add partner
          </button>
        )}
      </PageHeader>
      <p className="muted">
        Partner applications you share verified customers with, and import them from. A share token can only
        be imported by the application it was minted for.
      </p>
      <ErrorNotice error={partners.error} title="Partners could not be loaded" />
      <DataTable
        data={partners.data ?? []}
        columns={columns}
        getRowId={(p) => p.id}
        caption="Partners"
        loading={partners.loading}
        empty={
          canEdit ? 'No partner yet. Add the first one with “Add partner”.' : 'No partner is registered.'
        }
        testId="partners-table"
      />
      <Modal
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        title={editing === 'new' ? 'Add a partner' : `Edit ${editing?.name ?? ''}`}
        wide
      >
        {editing !== null && (
          <PartnerForm
            initial={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(p) => {
              setEditing(null);
              toast({ tone: 'success', title: `${p.name} saved` });
              void partners.reload();
            }}
          />
        )}
      </Modal>
    </section>
  );
}
