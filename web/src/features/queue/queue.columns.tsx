import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router-dom';
import { StatusBadge } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { formatAge, formatDateTime } from '../../lib/format.ts';
import type { QueueRow } from './queue.api.ts';

const col = createColumnHelper<QueueRow>();

export const queueColumns = [
  col.accessor('number', {
    header: '#',
    size: 70,
    cell: (c) => (
      <Link to={`/sessions/${encodeURIComponent(c.row.original.id)}`} className="row-link">
        {c.getValue() ?? c.row.original.id.slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor((r) => r.fullName ?? r.vendorData ?? '', {
    id: 'subject',
    header: 'Subject',
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
    header: 'Kind',
    size: 70,
    cell: (c) => <span className="tag">{c.getValue() === 'business' ? 'KYB' : 'KYC'}</span>,
  }),
  col.accessor('status', {
    header: 'Status',
    cell: (c) => (
      <span className="cell-row">
        <StatusBadge status={c.getValue()} />
        {c.row.original.imported && (
          <span className="tag tag-info">{translate('queue.columns.imported')}</span>
        )}
      </span>
    ),
  }),
  col.display({
    id: 'findings',
    header: 'Findings',
    cell: (c) => {
      const r = c.row.original;
      return (
        <span className="cell-row">
          {r.errors > 0 && (
            <span className="count count-error" title={translate('queue.columns.errors')}>
              {r.errors} err
            </span>
          )}
          {r.warnings > 0 && (
            <span className="count count-warning" title={translate('queue.columns.warnings')}>
              {r.warnings} warn
            </span>
          )}
          {r.amlHits > 0 && (
            <span
              className={r.amlUnreviewed > 0 ? 'count count-error' : 'count'}
              title={translate('queue.columns.aml_unreviewed')}
            >
              AML {r.amlHits}
              {r.amlUnreviewed > 0 ? ` (${r.amlUnreviewed} open)` : ''}
            </span>
          )}
          {r.errors + r.warnings + r.amlHits === 0 && <span className="muted">—</span>}
        </span>
      );
    },
  }),
  col.accessor('workflowId', {
    header: 'Workflow',
    cell: (c) => (
      <span className="mono small" title={c.getValue() ?? ''}>
        {c.getValue()?.slice(0, 8) ?? '—'}
        {c.row.original.workflowVersion ? ` v${c.row.original.workflowVersion}` : ''}
      </span>
    ),
  }),
  col.accessor((r) => r.assignedTo?.name ?? '', {
    id: 'assigned_to',
    header: 'Assigned to',
    cell: (c) => (c.getValue() ? <span dir="auto">{c.getValue()}</span> : <span className="muted">—</span>),
  }),
  col.accessor((r) => r.assignee?.label ?? '', {
    id: 'assignee',
    header: 'Claimed by',
    cell: (c) => c.getValue() || <span className="muted">—</span>,
  }),
  col.accessor('createdAt', {
    header: 'Age',
    cell: (c) => <span title={formatDateTime(c.getValue())}>{formatAge(c.getValue())}</span>,
  }),
  col.accessor('lastEventAt', {
    header: 'Last event',
    cell: (c) => <span title={formatDateTime(c.getValue())}>{formatAge(c.getValue())}</span>,
  }),
];

export const queueColumnsWithoutAssignee = queueColumns.filter((c) => c.id !== 'assignee');
