import { createColumnHelper } from '@tanstack/react-table';
import { Fingerprint, SessionLink } from '../../components/cells.tsx';
import { TextField, useDraft } from '../../components/Field.tsx';
import { LocalTime } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { LedgerPage } from './LedgerPage.tsx';
import { fetchShares, type ShareLedgerItem, sharesSearchSchema } from './sharing.api.ts';

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
    cell: (c) => <SessionLink id={c.getValue()} />,
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
    cell: (c) => <Fingerprint sha256={c.getValue()} />,
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
  const page = useResource(JSON.stringify(search), (s) => fetchShares(search, s));
  const [draft, setDraft] = useDraft(search.session_id);
  return (
    <LedgerPage
      ledger="shares"
      after={<TextField inline label={t('sharing.shares.filter_session')} value={draft} onValue={setDraft} />}
      onSubmit={() => update({ session_id: draft.trim(), cursor: '' })}
      columns={columns}
      list={page}
      search={search}
      update={update}
    />
  );
}
