import { createColumnHelper } from '@tanstack/react-table';
import { Link, useNavigate } from 'react-router-dom';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { ErrorNotice, StatusBadge } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { Resource } from '../../lib/use-resource.ts';
import { type Decision, ruleText } from '../case/case.api.ts';

const col = createColumnHelper<Decision>();
const columns = [
  col.accessor('sessionId', {
    header: () => translate('queue.awaiting.h.case'),
    cell: (c) => (
      <Link className="mono small" to={`/sessions/${encodeURIComponent(c.getValue())}`}>
        {c.getValue().slice(0, 8)}
      </Link>
    ),
  }),
  col.accessor('newStatus', {
    header: () => translate('queue.awaiting.h.decision'),
    cell: (c) => <StatusBadge status={c.getValue()} />,
  }),
  col.accessor('requestedBy', { header: () => translate('queue.awaiting.h.by') }),
  col.accessor('requestedAt', {
    header: () => translate('queue.awaiting.h.since'),
    cell: (c) => <span className="nowrap">{formatDateTime(c.getValue())}</span>,
  }),
  col.accessor('rules', {
    header: () => translate('queue.awaiting.h.why'),
    cell: (c) => c.getValue().map(ruleText).join('; ') || '—',
  }),
  col.accessor('comment', {
    header: () => translate('queue.awaiting.h.comment'),
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
        caption={t('queue.awaiting.caption')}
        loading={pending.loading}
        onOpen={(d) =>
          navigate(`/sessions/${encodeURIComponent(d.sessionId)}`, {
            state: { from: `/queue${window.location.search}` },
          })
        }
        empty={t('queue.awaiting.empty')}
        testId="awaiting-table"
      />
    </>
  );
}
