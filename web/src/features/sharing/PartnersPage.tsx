import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { ListPage } from '../../components/ListPage.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, LocalTime } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useResource } from '../../lib/use-resource.ts';
import {
  createPartner,
  fetchPartners,
  type Partner,
  type PartnerInput,
  updatePartner,
} from './sharing.api.ts';
import './sharing.css';
import { useAction } from '../../lib/use-action.ts';

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
  const t = useT();
  const { busy, error, run } = useAction();
  const idOk = UUID.test(form.application_id.trim());
  return (
    <form
      className="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        const input = {
          ...form,
          application_id: form.application_id.trim(),
          contact: form.contact?.trim() || null,
        };
        void run(async () =>
          onSaved(await (initial ? updatePartner(initial.id, input) : createPartner(input))),
        );
      }}
    >
      <label className="field">
        <span>{t('sharing.partners.name')}</span>
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
        <span>{t('sharing.partners.application_id')}</span>
        <input
          className="input mono"
          required
          value={form.application_id}
          onChange={(e) => setForm({ ...form, application_id: e.target.value })}
          placeholder="3f1c2a4e-0000-4000-8000-000000000000"
          aria-invalid={form.application_id !== '' && !idOk}
        />
        <span className="hint">{t('sharing.partners.application_hint')}</span>
      </label>
      <label className="field">
        <span>{t('sharing.partners.contact')}</span>
        <input
          className="input"
          maxLength={500}
          value={form.contact ?? ''}
          onChange={(e) => setForm({ ...form, contact: e.target.value })}
          placeholder={t('sharing.partners.contact_placeholder')}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={form.default_trust_review}
          onChange={(e) => setForm({ ...form, default_trust_review: e.target.checked })}
        />
        <span>{t('sharing.partners.trust')}</span>
      </label>
      <p className="hint">{t('sharing.partners.trust_hint')}</p>
      <label className="field">
        <span>{t('sharing.partners.notes')}</span>
        <textarea
          className="input"
          rows={3}
          maxLength={5000}
          value={form.notes}
          onChange={(e) => setForm({ ...form, notes: e.target.value })}
          placeholder={t('sharing.partners.notes_placeholder')}
        />
      </label>
      {error ? <ErrorNotice error={error} title={t('sharing.partners.save_failed')} /> : null}
      <div className="dialog-actions">
        <button type="button" className="button" onClick={onCancel}>
          {t('sharing.dialog.cancel')}
        </button>
        <button
          type="submit"
          className="button button-primary"
          disabled={busy || !idOk || form.name.trim() === ''}
        >
          {t(busy ? 'sharing.partners.saving' : initial ? 'sharing.partners.save' : 'sharing.partners.add')}
        </button>
      </div>
    </form>
  );
}

const col = createColumnHelper<Partner>();

export default function PartnersPage() {
  const { can } = useAuth();
  const t = useT();
  const toast = useToast();
  const partners = useResource('partners', (s) => fetchPartners(s));
  const canEdit = can('POST', '/api/partners');
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);

  const columns = [
    col.accessor('name', {
      header: t('sharing.partners.col_partner'),
      cell: (c) => <strong dir="auto">{c.getValue()}</strong>,
    }),
    col.accessor('application_id', {
      header: t('sharing.partners.application_id'),
      cell: (c) => <span className="mono small">{c.getValue()}</span>,
    }),
    col.accessor('contact', {
      header: t('sharing.partners.contact'),
      cell: (c) => <span dir="auto">{c.getValue() ?? <span className="muted">—</span>}</span>,
    }),
    col.accessor('default_trust_review', {
      header: t('sharing.partners.col_default'),
      cell: (c) =>
        c.getValue() ? (
          <span className="badge badge-warn">{t('sharing.partners.keep')}</span>
        ) : (
          <span className="badge badge-review">{t('sharing.partners.review')}</span>
        ),
    }),
    col.accessor('shares', {
      header: t('sharing.partners.col_tokens'),
      cell: (c) => <Link to={`/sharing/shares?partner=${c.row.original.id}`}>{c.getValue()}</Link>,
    }),
    col.accessor('imports', {
      header: t('sharing.partners.col_imports'),
      cell: (c) => <Link to={`/sharing/reliance?partner=${c.row.original.id}`}>{c.getValue()}</Link>,
    }),
    col.accessor('updated_at', {
      header: t('sharing.partners.col_updated'),
      cell: (c) => <LocalTime iso={c.getValue()} />,
    }),
    ...(canEdit
      ? [
          col.display({
            id: 'edit',
            header: '',
            cell: (c) => (
              <button type="button" className="button small" onClick={() => setEditing(c.row.original)}>
                {t('sharing.partners.edit')}
              </button>
            ),
          }),
        ]
      : []),
  ];

  return (
    <ListPage
      title={t('sharing.partners.title')}
      titleId="partners-title"
      actions={
        canEdit && (
          <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
            {t('sharing.partners.add')}
          </button>
        )
      }
      intro={t('sharing.partners.intro')}
      list={partners}
      rows={(d) => d}
      errorTitle={t('sharing.partners.load_failed')}
      table={{
        columns,
        getRowId: (p) => p.id,
        caption: t('sharing.partners.title'),
        empty: t(canEdit ? 'sharing.partners.empty_edit' : 'sharing.partners.empty'),
        testId: 'partners-table',
      }}
    >
      <Modal
        open={editing !== null}
        onOpenChange={(o) => !o && setEditing(null)}
        title={
          editing === 'new'
            ? t('sharing.partners.add_title')
            : t('sharing.partners.edit_title', { name: editing?.name ?? '' })
        }
        wide
      >
        {editing !== null && (
          <PartnerForm
            initial={editing === 'new' ? null : editing}
            onCancel={() => setEditing(null)}
            onSaved={(p) => {
              setEditing(null);
              toast({ tone: 'success', title: t('sharing.partners.saved', { name: p.name }) });
              void partners.reload();
            }}
          />
        )}
      </Modal>
    </ListPage>
  );
}
