import { createColumnHelper } from '@tanstack/react-table';
import { Link } from 'react-router-dom';
import { Fingerprint, SessionLink } from '../../components/cells.tsx';
import { SelectField, TextField, useDraft } from '../../components/Field.tsx';
import { LocalTime, StatusBadge } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { LedgerPage } from './LedgerPage.tsx';
import { fetchReliance, type RelianceItem, relianceCsvUrl, relianceSearchSchema } from './sharing.api.ts';

const col = createColumnHelper<RelianceItem>();
const columns = [
  col.accessor('vendor_data', {
    header: () => translate('sharing.reliance.col_customer'),
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
    header: () => translate('sharing.reliance.col_relied'),
    cell: (c) => (
      <div className="cell-stack">
        <strong dir="auto">{c.getValue()?.name ?? translate('sharing.reliance.unregistered')}</strong>
        <span className="mono small" title={translate('sharing.reliance.source_application')}>
          {c.row.original.source_application_id ?? '—'}
        </span>
      </div>
    ),
  }),
  col.accessor('source_session_id', {
    header: () => translate('sharing.reliance.col_their_session'),
    cell: (c) =>
      c.getValue() ? (
        c.row.original.source_session_local ? (
          <SessionLink id={c.getValue()!} />
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
    header: () => translate('sharing.reliance.col_terms'),
    cell: (c) =>
      c.getValue() ? (
        <span className="badge badge-warn" title={translate('sharing.reliance.their_decision_title')}>
          {translate('sharing.reliance.their_decision')}
        </span>
      ) : (
        <span className="badge badge-review" title={translate('sharing.reliance.our_review_title')}>
          {translate('sharing.reliance.our_review')}
        </span>
      ),
  }),
  col.accessor('source_status', {
    header: () => translate('sharing.reliance.col_source'),
    cell: (c) =>
      c.getValue() ? (
        <StatusBadge status={c.getValue()} />
      ) : (
        <span className="muted small">{translate('sharing.reliance.not_shared')}</span>
      ),
  }),
  col.accessor('landed_status', {
    header: () => translate('sharing.reliance.col_landed'),
    cell: (c) => <StatusBadge status={c.getValue()} />,
  }),
  col.accessor('current_status', {
    header: () => translate('sharing.reliance.col_now'),
    cell: (c) => (
      <div className="cell-stack">
        <StatusBadge status={c.getValue()} />
        {c.row.original.latest_review && (
          <span className="small muted">
            {translate('sharing.reliance.latest_review', {
              status: diditLabel('status', c.row.original.latest_review.new_status),
              who: c.row.original.latest_review.by_name ?? '—',
              state: c.row.original.latest_review.state,
            })}
          </span>
        )}
      </div>
    ),
  }),
  col.accessor('imported_at', {
    header: () => translate('sharing.reliance.col_imported'),
    cell: (c) => (
      <div className="cell-stack">
        <LocalTime className="nowrap" iso={c.getValue()} />
        <span className="small muted" dir="auto">
          {c.row.original.imported_by.name ?? c.row.original.imported_by.email}
        </span>
      </div>
    ),
  }),
  col.accessor('token_sha256', {
    header: () => translate('sharing.reliance.col_token'),
    cell: (c) => <Fingerprint sha256={c.getValue()} />,
  }),
];

export default function ReliancePage() {
  const t = useT();
  const [search, update] = useUrlState(relianceSearchSchema);
  const page = useResource(JSON.stringify(search), (s) => fetchReliance(search, s));
  const [draft, setDraft] = useDraft(search.q);
  return (
    <LedgerPage
      ledger="reliance"
      columns={columns}
      list={page}
      search={search}
      update={update}
      onSubmit={() => update({ q: draft.trim(), cursor: '' })}
      actions={
        <a className="button" href={relianceCsvUrl(search)} download data-testid="reliance-export">
          {t('sharing.reliance.export')}
        </a>
      }
      before={
        <TextField
          inline
          label={t('sharing.reliance.filter_customer')}
          value={draft}
          onValue={setDraft}
          data-testid="reliance-q"
        />
      }
      after={
        <SelectField
          inline
          label={t('sharing.reliance.col_terms')}
          value={search.trust_review}
          onValue={(trust_review) => update({ trust_review, cursor: '' })}
          options={[
            ['', t('sharing.filter.any')],
            ['true', t('sharing.reliance.filter_kept')],
            ['false', t('sharing.reliance.filter_ours')],
          ]}
        />
      }
    />
  );
}
