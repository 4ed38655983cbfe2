import { createColumnHelper } from '@tanstack/react-table';
import { Fragment, type ReactNode } from 'react';
import { useAuth } from '../../app/auth-context.tsx';
import { SessionLink } from '../../components/cells.tsx';
import { TextField, useDraft } from '../../components/Field.tsx';
import { FilterForm, ListPage } from '../../components/ListPage.tsx';
import { ErrorNotice, LocalTime, Spinner, Term } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { roleList } from '../../i18n/roles.ts';
import { termText } from '../../i18n/terms.ts';
import { formatValue } from '../../lib/format.ts';
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
import './audit.css';

/** Actors that are not people (the API's audit feature): the system, an anonymous caller, Didit's webhooks. */
const ACTOR_LABEL: Record<string, MessageKey> = {
  system: 'audit.actor.system',
  anonymous: 'audit.actor.anonymous',
  didit: 'audit.actor.didit',
};
const actorLabel = (actor: string) => termText(ACTOR_LABEL[actor], actor, actor).label;

/** Field names of entries in the console's language; others are shown as recorded, as identifiers. */
const KEY_LABEL: Record<string, MessageKey> = {
  password: 'audit.key.password',
  method: 'audit.key.method',
  login_session_id: 'audit.key.login_session_id',
  code: 'audit.key.code',
  status: 'audit.key.status',
  name: 'audit.key.name',
  email: 'audit.key.email',
  roles: 'audit.key.roles',
  holder_id: 'audit.key.holder_id',
  expires_at: 'audit.key.expires_at',
};

/** An entry's field name, the raw key on hover (what the CSV and JSONL exports call it). */
function FieldName({ name }: { name: string }) {
  useT(); // re-render on a language change
  const label = KEY_LABEL[name];
  // A key the catalogs do not word stays as recorded, set as an identifier (what the exports call it).
  if (!label) return <span className="mono small">{name}</span>;
  return <Term term={termText(label, name, name)} />;
}

/** Role values (`roles: reviewer, auditor`) in the console's language; other values as they are. */
const fieldValue = (name: string, value: string) =>
  name === 'roles' || name === 'role' ? roleList(value.split(', ')) : value;

const col = createColumnHelper<AuditRow>();
const columns = [
  col.accessor('at', {
    header: () => translate('audit.col.when'),
    cell: (c) => <LocalTime className="nowrap" iso={c.getValue()} />,
  }),
  col.accessor('actor', {
    header: () => translate('audit.col.actor'),
    cell: (c) => (
      <span title={c.row.original.actorEmail ?? undefined} dir="auto">
        {actorLabel(c.getValue())}
      </span>
    ),
  }),
  col.accessor('action', {
    header: () => translate('audit.col.action'),
    cell: (c) => <span className="mono small">{c.getValue()}</span>,
  }),
  col.accessor('sessionId', {
    header: () => translate('audit.col.subject'),
    cell: (c) =>
      c.getValue() ? (
        <SessionLink id={c.getValue()!} />
      ) : (
        <span className="mono small clamp" title={c.row.original.target ?? ''}>
          {c.row.original.target ?? '—'}
        </span>
      ),
  }),
  col.accessor('changes', {
    header: () => translate('audit.col.changes'),
    cell: (c) => <EntrySummary row={c.row.original} />,
  }),
  col.display({
    id: 'more',
    header: () => translate('audit.col.details'),
    cell: (c) => <EntryDetails row={c.row.original} />,
  }),
];

/** The change in one line or two: before → after per field, the note text, the decision comment. */
function EntrySummary({ row }: { row: AuditRow }) {
  const t = useT();
  const parts: ReactNode[] = row.changes.map((ch) => (
    <span key={ch.key} className="audit-change small">
      <FieldName name={ch.key} />: <del>{fieldValue(ch.key, ch.before)}</del> →{' '}
      <ins>{fieldValue(ch.key, ch.after)}</ins>
    </span>
  ));
  if (row.note)
    parts.push(
      <span key="note" className="small pre-wrap">
        {t('audit.summary.note', { text: row.note })}
      </span>,
    );
  if (row.decision?.comment)
    parts.push(
      <span key="comment" className="small pre-wrap">
        {t('audit.summary.comment', { text: row.decision.comment })}
      </span>,
    );
  if (row.decision?.rejectComment && row.action !== 'review.decision_staged')
    parts.push(
      <span key="reject" className="small pre-wrap">
        {t('audit.summary.reason', { text: row.decision.rejectComment })}
      </span>,
    );
  return parts.length ? <div className="cell-stack">{parts}</div> : <span className="muted">—</span>;
}

/** One term of an entry's details; nothing when the entry has no value for it. */
function Pair({
  label,
  value,
  className,
}: {
  label: string;
  value: string | null | undefined;
  className: string;
}) {
  if (!value) return null;
  return (
    <>
      <dt>{label}</dt>
      <dd className={className}>{value}</dd>
    </>
  );
}

/** An expandable row: everything the entry holds, people by name. */
function EntryDetails({ row }: { row: AuditRow }) {
  const t = useT();
  return (
    <details className="audit-row-details">
      <summary className="button button-ghost small expand-button">{t('audit.details.show')}</summary>
      <div className="audit-detail">
        <dl>
          <dt>{t('audit.col.actor')}</dt>
          <dd dir="auto">
            {actorLabel(row.actor)}
            {row.actorEmail ? ` (${row.actorEmail})` : ''}
          </dd>
          <Pair label={t('audit.col.subject')} value={row.target} className="mono small" />
          <Pair label={t('audit.details.session')} value={row.sessionId} className="mono small" />
          {row.changes.map((ch) => (
            <Fragment key={ch.key}>
              <dt>
                <FieldName name={ch.key} />
              </dt>
              <dd className="audit-change">
                <del>{fieldValue(ch.key, ch.before)}</del> → <ins>{fieldValue(ch.key, ch.after)}</ins>
              </dd>
            </Fragment>
          ))}
          {row.decision && (
            <>
              <dt>{t('audit.details.decision')}</dt>
              <dd>
                <span title={row.decision.newStatus}>{diditLabel('status', row.decision.newStatus)}</span>
                {row.decision.reasonCodes.length ? ` (${row.decision.reasonCodes.join(', ')})` : ''}
              </dd>
              <dt>{t('audit.details.comment')}</dt>
              <dd className="pre-wrap">{row.decision.comment}</dd>
              <Pair
                label={t('audit.details.rejected_because')}
                value={row.decision.rejectComment}
                className="pre-wrap"
              />
            </>
          )}
          <Pair label={t('audit.details.note')} value={row.note} className="pre-wrap" />
          {row.detailPairs.map(([k, v]) => (
            <Fragment key={`d-${k}`}>
              <dt>
                <FieldName name={k} />
              </dt>
              {/* The value as it was recorded (the exports carry the same). */}
              <dd className="small" dir="auto">
                {fieldValue(k, v)}
              </dd>
            </Fragment>
          ))}
          <Pair label={t('audit.details.request')} value={row.requestId} className="mono small" />
          <Pair label={t('audit.details.address')} value={row.ip} className="mono small" />
          <Pair label={t('audit.details.hash')} value={row.hash} className="mono small" />
        </dl>
      </div>
    </details>
  );
}

/** The filters, in the order the table's columns name them; dates are the browser's date picker. */
const FILTERS: {
  key: 'actor' | 'action' | 'session_id' | 'from' | 'to';
  label: MessageKey;
  placeholder?: MessageKey;
  type?: 'date';
}[] = [
  { key: 'actor', label: 'audit.col.actor', placeholder: 'audit.filter.actor_placeholder' },
  { key: 'action', label: 'audit.col.action', placeholder: 'audit.filter.action_placeholder' },
  { key: 'session_id', label: 'audit.filter.session', placeholder: 'audit.filter.session_placeholder' },
  { key: 'from', label: 'audit.filter.from', type: 'date' },
  { key: 'to', label: 'audit.filter.to', type: 'date' },
];

/** Whether the hash chain is intact, checked when the page opens and on request. */
function ChainStatus() {
  const t = useT();
  const chain = useResource('verify', (s) => verifyChain(s));
  return (
    <div className="card chain-status" data-testid="chain-status" aria-live="polite">
      {chain.loading && !chain.data && <Spinner label={t('audit.chain.checking')} />}
      {chain.error ? <ErrorNotice error={chain.error} title={t('audit.chain.check_failed')} /> : null}
      {chain.data &&
        (chain.data.ok ? (
          <p>
            <span className="badge badge-ok">{t('audit.chain.intact')}</span>{' '}
            {chain.data.entries === null || chain.data.entries === undefined
              ? t('audit.chain.verified_unknown')
              : t('audit.chain.verified', { entries: chain.data.entries })}
            {headHash(chain.data.head) && (
              <>
                {' '}
                {t('audit.chain.head')}{' '}
                <span className="mono small">{headHash(chain.data.head)!.slice(0, 16)}…</span>
              </>
            )}
          </p>
        ) : (
          <p role="alert">
            <span className="badge badge-bad">{t('audit.chain.broken')}</span>{' '}
            {chain.data.first_broken
              ? t('audit.chain.altered_at', {
                  seq: formatValue(chain.data.first_broken.seq),
                  reason: formatValue(chain.data.first_broken.reason),
                })
              : t('audit.chain.altered')}
          </p>
        ))}
      <button type="button" className="button button-ghost" onClick={() => void chain.reload()}>
        {t('audit.chain.verify_again')}
      </button>
    </div>
  );
}

export default function AuditPage() {
  const t = useT();
  const [search, update] = useUrlState(auditSearchSchema);
  const { can } = useAuth();
  const page = useResource(JSON.stringify(search), (s) => fetchAudit(search, s));
  const [draft, setDraft] = useDraft(search);
  const canExport = can('GET', '/api/audit/export');

  return (
    <ListPage
      title={t('audit.title')}
      titleId="audit-title"
      actions={
        canExport && (
          <>
            <a className="button" href={exportUrl('csv')} download title={t('audit.export.csv_title')}>
              {t('audit.export.csv')}
            </a>
            <a className="button" href={exportUrl('jsonl')} download title={t('audit.export.jsonl_title')}>
              {t('audit.export.jsonl')}
            </a>
          </>
        )
      }
      lead={<ChainStatus />}
      filters={
        <FilterForm
          className="audit-filters"
          submitLabel={t('audit.filter.submit')}
          onSubmit={() =>
            update({
              actor: draft.actor.trim(),
              action: draft.action.trim(),
              session_id: draft.session_id.trim(),
              from: draft.from,
              to: draft.to,
              cursor: '',
            })
          }
        >
          {FILTERS.map(({ key, label, placeholder, type }) => (
            <TextField
              key={key}
              inline
              type={type}
              label={t(label)}
              placeholder={placeholder && t(placeholder)}
              value={draft[key]}
              onValue={(value) => setDraft({ ...draft, [key]: value })}
            />
          ))}
        </FilterForm>
      }
      list={page}
      rows={(d) => d.rows}
      table={{
        testId: 'audit-table',
        caption: t('audit.caption'),
        empty: t('audit.empty'),
        columns,
        getRowId: (r) => r.id,
      }}
      errorTitle={t('audit.load_failed')}
      paging={{ cursor: search.cursor, next: (d) => d.nextCursor, onCursor: (cursor) => update({ cursor }) }}
    />
  );
}
