import { createColumnHelper } from '@tanstack/react-table';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { Form, TextAreaField, TextField } from '../../components/Field.tsx';
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
import { DialogActions } from '../../components/DialogActions.tsx';
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
    <Form
      className="form-grid"
      onSubmit={() => {
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
      <TextField
        label={t('sharing.partners.name')}
        required
        maxLength={200}
        value={form.name}
        onValue={(name) => setForm({ ...form, name })}
        data-autofocus
      />
      <TextField
        label={t('sharing.partners.application_id')}
        hint={t('sharing.partners.application_hint')}
        className="mono"
        required
        value={form.application_id}
        onValue={(application_id) => setForm({ ...form, application_id })}
        placeholder="3f1c2a4e-0000-4000-8000-000000000000"
        aria-invalid={form.application_id !== '' && !idOk}
      />
      <TextField
        label={t('sharing.partners.contact')}
        maxLength={500}
        value={form.contact ?? ''}
        onValue={(contact) => setForm({ ...form, contact })}
        placeholder={t('sharing.partners.contact_placeholder')}
      />
      <label className="check">
        <input
          type="checkbox"
          checked={form.default_trust_review}
          onChange={(e) => setForm({ ...form, default_trust_review: e.target.checked })}
        />
        <span>{t('sharing.partners.trust')}</span>
      </label>
      <p className="hint">{t('sharing.partners.trust_hint')}</p>
      <TextAreaField
        label={t('sharing.partners.notes')}
        rows={3}
        maxLength={5000}
        value={form.notes}
        onValue={(notes) => setForm({ ...form, notes })}
        placeholder={t('sharing.partners.notes_placeholder')}
      />
      {error ? <ErrorNotice error={error} title={t('sharing.partners.save_failed')} /> : null}
      <DialogActions
        cancelLabel={t('sharing.dialog.cancel')}
        onCancel={onCancel}
        confirmLabel={t(
          busy ? 'sharing.partners.saving' : initial ? 'sharing.partners.save' : 'sharing.partners.add',
        )}
        disabled={busy || !idOk || form.name.trim() === ''}
      />
    </Form>
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
