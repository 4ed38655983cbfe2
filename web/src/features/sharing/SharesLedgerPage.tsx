import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { DataTable, Pager } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, PageHeader } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { fetchPartners, fetchShares, type ShareLedgerItem, sharesSearchSchema } from './sharing.api.ts';
import './sharing.css';

const col = createColumnHelper<ShareLedgerItem>();
const columns = [
  col.accessor('created_at', {
    header: 'Minted',
    cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor('created_by', { header: 'By', cell: (c) => c.getValue().name ?? c.getValue().email ?? '—' }),
  col.accessor('partner', {
    header: 'For',
    cell: (c) =>
      c.getValue() ? (
        <strong>{c.getValue()!.name}</strong>
      ) : (
        <span className="mono small" title="Not a registered partner">
          {c.row.original.for_application_id}
        </span>
      ),
  }),
  col.accessor('session_id', {
    header: 'Session',
    cell: (c) => (
      <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue())}`}>
        {c.getValue().slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor('session_kind', {
    header: 'Kind',
    cell: (c) => (c.getValue() === 'business' ? 'KYB' : 'KYC'),
  }),
  col.accessor('expires_at', {
    header: 'Expires',
    cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor('state', {
    header: 'State',
    cell: (c) =>
      c.getValue() === 'active' ? (
        <span className="badge badge-ok">Active</span>
      ) : (
        <span className="badge badge-muted">Expired</span>
      ),
  }),
  col.accessor('token_sha256', {
    header: 'Fingerprint',
    cell: (c) => (
      <span className="mono small" title={c.getValue()}>
        {c.getValue().slice(0, 12)}…
      </span>
    ),
  }),
  col.accessor('batch_id', {
    header: 'Batch',
    cell: (c) => (c.getValue() ? <span className="tag tag-info">batch</span> : ''),
  }),
];

export default function SharesLedgerPage() {
  const [search, update] = useUrlState(sharesSearchSchema);
  const partners = useResource('partners', (s) => fetchPartners(s).catch(() => []));
  const page = useResource(JSON.stringify(search), (s) => fetchShares(search, s));
  const [draft, setDraft] = useState(search.session_id);
  useEffect(() => setDraft(search.session_id), [search.session_id]);
  return (
    <section aria-labelledby="shares-title">
      <PageHeader title="Shares ledger" id="shares-title" />
      <p className="muted">
        Every share token minted from this console: who, when, for whom, which session. The tokens themselves
        are never stored; the fingerprint (SHA-256) identifies each one.
      </p>
      <form
        className="filter-row sharing-filters"
        onSubmit={(e) => {
          e.preventDefault();
          update({ session_id: draft.trim(), cursor: '' });
        }}
      >
        <label className="field-inline">
          <span>Partner</span>
          <select
            className="input"
            value={search.partner}
            onChange={(e) => update({ partner: e.target.value, cursor: '' })}
          >
            <option value="">All</option>
            {(partners.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field-inline">
          <span>Session id</span>
          <input className="input" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      <ErrorNotice error={page.error} title="The ledger could not be loaded" />
      <DataTable
        data={page.data?.items ?? []}
        columns={columns}
        getRowId={(r) => r.id}
        caption="Minted share tokens"
        loading={page.loading}
        empty="No token minted yet."
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
