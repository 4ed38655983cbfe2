import { QUEUE_SORTS } from '@console/contract/queue';
import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router-dom';
import { StatusBadge } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import { formatAge, formatDateTime } from '../../lib/format.ts';
import type { QueueRow } from './queue.api.ts';
import type { QueueColumnId, QueueSort } from './queue.search.ts';

const col = createColumnHelper<QueueRow>();

/** Each column's header, looked up when the header renders, so a change of language changes it. */
export const COLUMN_LABEL = {
  number: 'queue.columns.h.number',
  subject: 'queue.columns.h.subject',
  kind: 'queue.columns.h.kind',
  status: 'queue.columns.h.status',
  findings: 'queue.columns.h.findings',
  workflow: 'queue.columns.h.workflow',
  assigned_to: 'queue.columns.h.assigned_to',
  assignee: 'queue.columns.h.assignee',
  created: 'queue.columns.h.created',
  last_event: 'queue.columns.h.last_event',
} as const satisfies Record<QueueColumnId, MessageKey>;

const header = (id: QueueColumnId) => () => translate(COLUMN_LABEL[id]);

const SORTABLE = new Set<string>(QUEUE_SORTS);
/**
 * The sort a column's header sets: each sort is named as its column (@console/contract QUEUE_SORTS), and the
 * server has a keyset index for it. Other columns' headers do not sort.
 */
export const sortOfColumn = (id: string): QueueSort | undefined =>
  SORTABLE.has(id) ? (id as QueueSort) : undefined;
const enableSorting = (id: QueueColumnId) => SORTABLE.has(id);

export const queueColumns = [
  col.accessor('number', {
    id: 'number',
    header: header('number'),
    enableSorting: enableSorting('number'),
    size: 70,
    cell: (c) => (
      <Link to={`/sessions/${encodeURIComponent(c.row.original.id)}`} className="row-link">
        {c.getValue() ?? c.row.original.id.slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor((r) => r.fullName ?? r.vendorData ?? '', {
    id: 'subject',
    header: header('subject'),
    enableSorting: enableSorting('subject'),
    cell: (c) => (
      <div className="cell-stack">
        <span dir="auto">
          {c.row.original.fullName || <span className="muted">{translate('queue.columns.no_name')}</span>}
        </span>
        <small className="muted" dir="auto">
          {c.row.original.vendorData || '—'}
        </small>
      </div>
    ),
  }),
  col.accessor('kind', {
    id: 'kind',
    header: header('kind'),
    size: 70,
    cell: (c) => <span className="tag">{c.getValue() === 'business' ? 'KYB' : 'KYC'}</span>,
  }),
  col.accessor('status', {
    id: 'status',
    header: header('status'),
    enableSorting: enableSorting('status'),
    cell: (c) => (
      <span className="cell-row">
        <StatusBadge status={c.getValue()} />
        {c.row.original.imported && (
          <span className="tag tag-info">{translate('queue.columns.imported')}</span>
        )}
      </span>
    ),
  }),
  // Sorted on the server by open AML hits, errors, then warnings (an accessor: only those can sort).
  col.accessor('amlUnreviewed', {
    id: 'findings',
    header: header('findings'),
    enableSorting: enableSorting('findings'),
    cell: (c) => {
      const r = c.row.original;
      return (
        <span className="cell-row">
          {r.errors > 0 && (
            <span className="count count-error" title={translate('queue.columns.errors')}>
              {translate('queue.columns.errors_count', { count: r.errors })}
            </span>
          )}
          {r.warnings > 0 && (
            <span className="count count-warning" title={translate('queue.columns.warnings')}>
              {translate('queue.columns.warnings_count', { count: r.warnings })}
            </span>
          )}
          {r.amlHits > 0 && (
            <span
              className={r.amlUnreviewed > 0 ? 'count count-error' : 'count'}
              title={translate('queue.columns.aml_unreviewed')}
            >
              {r.amlUnreviewed > 0
                ? translate('queue.columns.aml_open', { hits: r.amlHits, open: r.amlUnreviewed })
                : translate('queue.columns.aml', { hits: r.amlHits })}
            </span>
          )}
          {r.errors + r.warnings + r.amlHits === 0 && <span className="muted">—</span>}
        </span>
      );
    },
  }),
  col.accessor('workflowId', {
    id: 'workflow',
    header: header('workflow'),
    cell: (c) => (
      <span className="mono small" title={c.getValue() ?? ''}>
        {c.getValue()?.slice(0, 8) ?? '—'}
        {c.row.original.workflowVersion ? ` v${c.row.original.workflowVersion}` : ''}
      </span>
    ),
  }),
  col.accessor((r) => r.assignedTo?.name ?? '', {
    id: 'assigned_to',
    header: header('assigned_to'),
    cell: (c) => (c.getValue() ? <span dir="auto">{c.getValue()}</span> : <span className="muted">—</span>),
  }),
  col.accessor((r) => r.assignee?.label ?? '', {
    id: 'assignee',
    header: header('assignee'),
    cell: (c) => c.getValue() || <span className="muted">—</span>,
  }),
  col.accessor('createdAt', {
    id: 'created',
    header: header('created'),
    enableSorting: enableSorting('created'),
    cell: (c) => <span title={formatDateTime(c.getValue())}>{formatAge(c.getValue())}</span>,
  }),
  col.accessor('lastEventAt', {
    id: 'last_event',
    header: header('last_event'),
    enableSorting: enableSorting('last_event'),
    cell: (c) => <span title={formatDateTime(c.getValue())}>{formatAge(c.getValue())}</span>,
  }),
];

export const queueColumnsWithoutAssignee = queueColumns.filter((c) => c.id !== 'assignee');
