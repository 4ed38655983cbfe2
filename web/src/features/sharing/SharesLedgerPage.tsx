import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { DataTable, Pager } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, LocalTime, PageHeader } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { fetchPartners, fetchShares, type ShareLedgerItem, sharesSearchSchema } from './sharing.api.ts';
import './sharing.css';

const col = createColumnHelper<ShareLedgerItem>();
const columns = [
  col.accessor('created_at', {
    header: () => translate('sharing.shares.col_minted'),
    cell: (c) => <LocalTime className="nowrap" iso={c.getValue()} />,
  }),
  col.accessor('created_by', {
    header: () => translate('sharing.shares.col_by'),
    cell: (c) => <span dir="auto">{c.getValue().name ?? c.getValue().email ?? '—'}</span>,
  }),
  col.accessor('partner', {
    header: () => translate('sharing.shares.col_for'),
    cell: (c) =>
      c.getValue() ? (
        <strong dir="auto">{c.getValue()!.name}</strong>
      ) : (
        <span className="mono small" title={translate('sharing.shares.not_registered')}>
          {c.row.original.for_application_id}
        </span>
      ),
  }),
  col.accessor('session_id', {
    header: () => translate('sharing.shares.col_session'),
    cell: (c) => (
      <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue())}`}>
        {c.getValue().slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor('session_kind', {
    header: () => translate('sharing.shares.col_kind'),
    cell: (c) => (c.getValue() === 'business' ? 'KYB' : 'KYC'),
  }),
  col.accessor('expires_at', {
    header: () => translate('sharing.shares.col_expires'),
    cell: (c) => <LocalTime className="nowrap" iso={c.getValue()} />,
  }),
  col.accessor('state', {
    header: () => translate('sharing.shares.col_state'),
    cell: (c) =>
      c.getValue() === 'active' ? (
        <span className="badge badge-ok">{translate('sharing.shares.active')}</span>
      ) : (
        <span className="badge badge-muted">{translate('sharing.shares.expired')}</span>
      ),
  }),
  col.accessor('token_sha256', {
    header: () => translate('sharing.shares.col_fingerprint'),
    cell: (c) => (
      <span className="mono small" title={c.getValue()}>
        {c.getValue().slice(0, 12)}…
      </span>
    ),
  }),
  col.accessor('batch_id', {
    header: () => translate('sharing.shares.col_batch'),
    cell: (c) =>
      c.getValue() ? <span className="tag tag-info">{translate('sharing.shares.batch')}</span> : '',
  }),
];

export default function SharesLedgerPage() {
  const t = useT();
  const [search, update] = useUrlState(sharesSearchSchema);
  const partners = useResource('partners', (s) => fetchPartners(s).catch(() => []));
  const page = useResource(JSON.stringify(search), (s) => fetchShares(search, s));
  const [draft, setDraft] = useState(search.session_id);
  useEffect(() => setDraft(search.session_id), [search.session_id]);
  return (
    <section aria-labelledby="shares-title">
      <PageHeader title={t('sharing.shares.title')} id="shares-title" />
      <p className="muted">{t('sharing.shares.intro')}</p>
      <form
        className="filter-row sharing-filters"
        onSubmit={(e) => {
          e.preventDefault();
          update({ session_id: draft.trim(), cursor: '' });
        }}
      >
        <label className="field-inline">
          <span>{t('sharing.filter.partner')}</span>
          <select
            className="input"
            value={search.partner}
            onChange={(e) => update({ partner: e.target.value, cursor: '' })}
          >
            <option value="">{t('sharing.filter.all')}</option>
            {(partners.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>{t('sharing.shares.filter_session')}</span>
          <input className="input" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" className="button">
          {t('sharing.filter.submit')}
        </button>
      </form>
      <ErrorNotice error={page.error} title={t('sharing.ledger.load_failed')} />
      <DataTable
        data={page.data?.items ?? []}
        columns={columns}
        getRowId={(r) => r.id}
        caption={t('sharing.shares.caption')}
        loading={page.loading}
        empty={t('sharing.shares.empty')}
        testId="shares-table"
      />
      <Pager
        hasPrevious={Boolean(search.cursor)}
        nextCursor={page.data?.next_cursor}
        count={page.data?.items.length ?? 0}
        onFirst={() => update({ cursor: '' })}
        onNext={(cursor) => update({ cursor })}
      />
    </section>
  );
}
