import { createColumnHelper } from '@tanstack/react-table';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { DataTable, Pager } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, PageHeader, StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  fetchPartners,
  fetchReliance,
  type RelianceItem,
  relianceCsvUrl,
  relianceSearchSchema,
} from './sharing.api.ts';
import './sharing.css';

const col = createColumnHelper<RelianceItem>();
const columns = [
  col.accessor('vendor_data', {
    header: 'Customer',
    cell: (c) => (
      <div className="cell-stack">
        <Link to={`/sessions/${encodeURIComponent(c.row.original.session_id)}`} dir="auto">
          {c.getValue() ?? c.row.original.session_id.slice(0, 8)}
        </Link>
        <span className="muted small">{c.row.original.session_kind === 'business' ? 'KYB' : 'KYC'}</span>
      </div>
    ),
  }),
  col.accessor('partner', {
    header: 'Relied on',
    cell: (c) => (
      <div className="cell-stack">
        <strong>{c.getValue()?.name ?? 'Unregistered application'}</strong>
        <span className="mono small" title="Source application">
          {c.row.original.source_application_id ?? '—'}
        </span>
      </div>
    ),
  }),
  col.accessor('source_session_id', {
    header: 'Their session',
    cell: (c) =>
      c.getValue() ? (
        c.row.original.source_session_local ? (
          <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue()!)}`}>
            {c.getValue()!.slice(0, 8)}
          </Link>
        ) : (
          <span className="mono small" title={c.getValue()!}>
            {c.getValue()!.slice(0, 8)}
          </span>
        )
      ) : (
        '—'
      ),
  }),
  col.accessor('trust_review', {
    header: 'Terms',
    cell: (c) =>
      c.getValue() ? (
        <span className="badge badge-warn" title="trust_review: the partner's decision was kept">
          Their decision
        </span>
      ) : (
        <span className="badge badge-review" title="trust_review false: landed In Review">
          Our review
        </span>
      ),
  }),
  col.accessor('source_status', {
    header: 'At the source',
    cell: (c) =>
      c.getValue() ? <StatusBadge status={c.getValue()} /> : <span className="muted small">not shared</span>,
  }),
  col.accessor('landed_status', { header: 'Landed', cell: (c) => <StatusBadge status={c.getValue()} /> }),
  col.accessor('current_status', {
    header: 'Now',
    cell: (c) => (
      <div className="cell-stack">
        <StatusBadge status={c.getValue()} />
        {c.row.original.latest_review && (
          <span className="small muted">
            {c.row.original.latest_review.new_status} by {c.row.original.latest_review.by_name ?? '—'} (
            {c.row.original.latest_review.state})
          </span>
        )}
      </div>
    ),
  }),
  col.accessor('imported_at', {
    header: 'Imported',
    cell: (c) => (
      <div className="cell-stack">
        <span className="nowrap">{formatDateTime(c.getValue())}</span>
        <span className="small muted">
          {c.row.original.imported_by.name ?? c.row.original.imported_by.email}
        </span>
      </div>
    ),
  }),
  col.accessor('token_sha256', {
    header: 'Token',
    cell: (c) => (
      <span className="mono small" title={c.getValue()}>
        {c.getValue().slice(0, 12)}…
      </span>
    ),
  }),
];

export default function ReliancePage() {
  const [search, update] = useUrlState(relianceSearchSchema);
  const partners = useResource('partners', (s) => fetchPartners(s).catch(() => []));
  const page = useResource(JSON.stringify(search), (s) => fetchReliance(search, s));
  const [draft, setDraft] = useState(search.q);
  useEffect(() => setDraft(search.q), [search.q]);
  return (
    <section aria-labelledby="reliance-title">
      <PageHeader title="Reliance ledger" id="reliance-title">
        <a className="button" href={relianceCsvUrl(search)} download data-testid="reliance-export">
          Export CSV
        </a>
      </PageHeader>
      <p className="muted">
        Whose verification we relied on: every session imported from a partner, on what terms, and what became
        of it.
      </p>
      <form
        className="filter-row sharing-filters"
        onSubmit={(e) => {
          e.preventDefault();
          update({ q: draft.trim(), cursor: '' });
        }}
      >
        <label className="field-inline">
          <span>Customer (vendor id or session id)</span>
          <input
            className="input"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            data-testid="reliance-q"
          />
        </label>
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
          <span>Terms</span>
          <select
            className="input"
            value={search.trust_review}
            onChange={(e) => update({ trust_review: e.target.value as '' | 'true' | 'false', cursor: '' })}
          >
            <option value="">Any</option>
            <option value="true">Their decision kept</option>
            <option value="false">Our own review</option>
          </select>
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
        caption="Imported sessions and the partners relied on"
        loading={page.loading}
        empty="No session was imported from a partner."
        testId="reliance-table"
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
