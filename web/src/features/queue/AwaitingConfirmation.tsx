import { createColumnHelper } from '@tanstack/react-table';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, StatusBadge } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { Resource } from '../../lib/use-resource.ts';
import type { Decision } from '../case/case.api.ts';
import { ruleText } from '../case/four-eyes-rules.ts';

const col = createColumnHelper<Decision>();
const columns = [
  col.accessor('sessionId', {
    header: 'Case',
    cell: (c) => (
      <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue())}`}>
        {c.getValue().slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor('newStatus', {
    header: 'Staged decision',
    cell: (c) => <StatusBadge status={c.getValue()} />,
  }),
  col.accessor('requestedBy', { header: 'Staged by' }),
  col.accessor('requestedAt', {
    header: 'Waiting since',
    cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor('rules', {
    header: 'Why a second reviewer',
    cell: (c) => c.getValue().map(ruleText).join('; ') || '—',
  }),
  col.accessor('comment', {
    header: 'Comment',
    cell: (c) => (
      <span className="small clamp" title={c.getValue()}>
        {c.getValue()}
      </span>
    ),
  }),
];

/**
 * The second reviewer's view of the queue: decisions other reviewers staged for four-eyes, oldest first.
 * Opening one goes to the case, where it is confirmed or rejected with a reason.
 */
export function AwaitingConfirmation({ pending }: { pending: Resource<Decision[]> }) {
  const t = useT();
  const navigate = useNavigate();
  const rows = pending.data ?? [];
  return (
    <>
      <ErrorNotice error={pending.error} title={t('queue.awaiting.load_error')} />
      <DataTable
        data={rows}
        columns={columns}
        getRowId={(d) => d.id}
        caption="Decisions awaiting my confirmation"
        loading={pending.loading}
        onOpen={(d) =>
          navigate(`/sessions/${encodeURIComponent(d.sessionId)}`, {
            state: { from: `/queue${window.location.search}` },
          })
        }
        empty="Nothing awaits your confirmation: no other reviewer has a decision staged."
        testId="awaiting-table"
      />
    </>
  );
}
