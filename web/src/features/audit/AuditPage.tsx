import { createColumnHelper } from '@tanstack/react-table';
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { DataTable, Pager } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, PageHeader, Spinner } from '../../components/ui.tsx';
import { formatDateTime, formatValue } from '../../lib/format.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  type AuditRow,
  auditSearchSchema,
  exportUrl,
  fetchAudit,
  headHash,
  verifyChain,
} from './audit.api.ts';
import { keyLabel } from './audit.view.ts';

const col = createColumnHelper<AuditRow>();
const columns = [
  col.accessor('at', {
    header: 'When',
    cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor('actor', {
    header: 'Actor',
    cell: (c) => <span title={c.row.original.actorEmail ?? undefined}>{c.getValue()}</span>,
  }),
  col.accessor('action', {
    header: 'Action',
    cell: (c) => <span className="mono small">{c.getValue()}</span>,
  }),
  col.accessor('sessionId', {
    header: 'Subject',
    cell: (c) =>
      c.getValue() ? (
        <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue()!)}`}>
          {c.getValue()!.slice(0, 8)}
        </Link>
      ) : (
        <span className="mono small clamp" title={c.row.original.target ?? ''}>
          {c.row.original.target ?? '—'}
        </span>
      ),
  }),
  col.accessor('changes', {
    header: 'What changed',
    cell: (c) => <EntrySummary row={c.row.original} />,
  }),
  col.display({
    id: 'more',
    header: 'Details',
    cell: (c) => <EntryDetails row={c.row.original} />,
  }),
];

/** The change in one line or two: before → after per field, the note text, the decision comment. */
function EntrySummary({ row }: { row: AuditRow }) {
  const parts: ReactNode[] = row.changes.map((ch) => (
    <span key={ch.key} className="audit-change small">
      {keyLabel(ch.key)}: <del>{ch.before}</del> → <ins>{ch.after}</ins>
    </span>
  ));
  if (row.note)
    parts.push(
      <span key="note" className="small pre-wrap">
        Note: “{row.note}”
      </span>,
    );
  if (row.decision?.comment)
    parts.push(
      <span key="comment" className="small pre-wrap">
        Comment: “{row.decision.comment}”
      </span>,
    );
  if (row.decision?.rejectComment && row.action !== 'review.decision_staged')
    parts.push(
      <span key="reject" className="small pre-wrap">
        Reason: “{row.decision.rejectComment}”
      </span>,
    );
  return parts.length ? <div className="cell-stack">{parts}</div> : <span className="muted">—</span>;
}

/** An expandable row: everything the entry holds, people by name. */
function EntryDetails({ row }: { row: AuditRow }) {
  return (
    <details className="audit-row-details">
      <summary className="button button-ghost small expand-button">Show</summary>
      <div className="audit-detail">
        <dl>
          <dt>Actor</dt>
          <dd>
            {row.actor}
            {row.actorEmail ? ` (${row.actorEmail})` : ''}
          </dd>
          {row.target && (
            <>
              <dt>Subject</dt>
              <dd className="mono small">{row.target}</dd>
            </>
          )}
          {row.sessionId && (
            <>
              <dt>Session</dt>
              <dd className="mono small">{row.sessionId}</dd>
            </>
          )}
          {row.changes.map((ch) => (
            <Fragment key={ch.key}>
              <dt>{keyLabel(ch.key)}</dt>
              <dd className="audit-change">
                <del>{ch.before}</del> → <ins>{ch.after}</ins>
              </dd>
            </Fragment>
          ))}
          {row.decision && (
            <>
              <dt>Decision</dt>
              <dd>
                {row.decision.newStatus}
                {row.decision.reasonCodes.length ? ` (${row.decision.reasonCodes.join(', ')})` : ''}
              </dd>
              <dt>Comment</dt>
              <dd className="pre-wrap">{row.decision.comment}</dd>
              {row.decision.rejectComment && (
                <>
                  <dt>Rejected/withdrawn because</dt>
                  <dd className="pre-wrap">{row.decision.rejectComment}</dd>
                </>
              )}
            </>
          )}
          {row.note && (
            <>
              <dt>Note</dt>
              <dd className="pre-wrap">{row.note}</dd>
            </>
          )}
          {row.detailPairs.map(([k, v]) => (
            <Fragment key={`d-${k}`}>
              <dt>{keyLabel(k)}</dt>
              <dd className="small">{v}</dd>
            </Fragment>
          ))}
          {row.requestId && (
            <>
              <dt>Request</dt>
              <dd className="mono small">{row.requestId}</dd>
            </>
          )}
          {row.ip && (
            <>
              <dt>Address</dt>
              <dd className="mono small">{row.ip}</dd>
            </>
          )}
          {row.hash && (
            <>
              <dt>Hash</dt>
              <dd className="mono small">{row.hash}</dd>
            </>
          )}
        </dl>
      </div>
    </details>
  );
}

export default function AuditPage() {
  const [search, update] = useUrlState(auditSearchSchema);
  const { can } = useAuth();
  const page = useResource(JSON.stringify(search), (s) => fetchAudit(search, s));
  const chain = useResource('verify', (s) => verifyChain(s));
  const [draft, setDraft] = useState(search);
  useEffect(() => setDraft(search), [search]);
  const canExport = can('GET', '/api/audit/export');

  return (
    <section aria-labelledby="audit-title">
      <PageHeader title="Audit log" id="audit-title">
        {canExport && (
          <>
            <a className="button" href={exportUrl('csv')} download title="The whole log, oldest first">
              Export CSV
            </a>
            <a
              className="button"
              href={exportUrl('jsonl')}
              download
              title="The whole log, for pnpm audit:verify"
            >
              Export JSONL
            </a>
          </>
        )}
      </PageHeader>
      <div className="card chain-status" data-testid="chain-status" aria-live="polite">
        {chain.loading && !chain.data && <Spinner label="Checking the hash chain" />}
        {chain.error ? <ErrorNotice error={chain.error} title="The chain could not be checked" /> : null}
        {chain.data &&
          (chain.data.ok ? (
            <p>
              <span className="badge badge-ok">Chain intact</span> {chain.data.entries ?? '?'} entries
              verified end to end.
              {headHash(chain.data.head) && (
                <>
                  {' '}
                  Head <span className="mono small">{headHash(chain.data.head)!.slice(0, 16)}…</span>
                </>
              )}
            </p>
          ) : (
            <p role="alert">
              <span className="badge badge-bad">Chain broken</span> The log was altered
              {chain.data.first_broken
                ? ` at entry ${formatValue(chain.data.first_broken.seq)} (${formatValue(chain.data.first_broken.reason)})`
                : ''}
              . Entries after that point cannot be trusted.
            </p>
          ))}
        <button type="button" className="button button-ghost" onClick={() => void chain.reload()}>
          Verify again
        </button>
      </div>
      <form
        className="filter-row audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          update({
            actor: draft.actor.trim(),
            action: draft.action.trim(),
            session_id: draft.session_id.trim(),
            from: draft.from,
            to: draft.to,
            cursor: '',
          });
        }}
      >
        <label className="field-inline">
          <span>Actor</span>
          <input
            className="input"
            placeholder="name or email, or part"
            value={draft.actor}
            onChange={(e) => setDraft({ ...draft, actor: e.target.value })}
          />
        </label>
        <label className="field-inline">
          <span>Action</span>
          <input
            className="input"
            placeholder="review. (starts with) or user.disable"
            value={draft.action}
            onChange={(e) => setDraft({ ...draft, action: e.target.value })}
          />
        </label>
        <label className="field-inline">
          <span>Session id</span>
          <input
            className="input"
            placeholder="first characters are enough"
            value={draft.session_id}
            onChange={(e) => setDraft({ ...draft, session_id: e.target.value })}
          />
        </label>
        <label className="field-inline">
          <span>From</span>
          <input
            type="date"
            className="input"
            value={draft.from}
            onChange={(e) => setDraft({ ...draft, from: e.target.value })}
          />
        </label>
        <label className="field-inline">
          <span>To</span>
          <input
            type="date"
            className="input"
            value={draft.to}
            onChange={(e) => setDraft({ ...draft, to: e.target.value })}
          />
        </label>
        <button type="submit" className="button">
          Filter
        </button>
      </form>
      <ErrorNotice error={page.error} title="The audit log could not be loaded" />
      <DataTable
        data={page.data?.rows ?? []}
        columns={columns}
        getRowId={(r) => r.id}
        caption="Audit entries"
        loading={page.loading}
        empty="No entry matches."
        testId="audit-table"
      />
      <Pager
        hasPrevious={Boolean(search.cursor)}
        nextCursor={page.data?.nextCursor}
        count={page.data?.rows.length ?? 0}
        onFirst={() => update({ cursor: '' })}
        onNext={(cursor) => update({ cursor })}
      />
    </section>
  );
}
