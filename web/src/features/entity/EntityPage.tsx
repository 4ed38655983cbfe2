import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { Detail } from '../../components/Detail.tsx';
import { Form } from '../../components/Field.tsx';
import { useToast } from '../../components/toast.tsx';
import {
  DiditTerm,
  EmptyState,
  ErrorNotice,
  LocalTime,
  PageHeader,
  Panel,
  Spinner,
  StatusBadge,
} from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
  entityPath,
  fetchEntity,
  requestEntityStatus,
} from './entity.api.ts';

/** Each status a reviewer may set: its button, and the label of the reason asked for it. */
const WORDS = {
  FLAGGED: { action: 'entity.action.FLAGGED', reasonFor: 'entity.reason_for.FLAGGED' },
  BLOCKED: { action: 'entity.action.BLOCKED', reasonFor: 'entity.reason_for.BLOCKED' },
  ACTIVE: { action: 'entity.action.ACTIVE', reasonFor: 'entity.reason_for.ACTIVE' },
} as const satisfies Record<EntityStatus, { action: MessageKey; reasonFor: MessageKey }>;
const PROFILE_FIELDS = [
  ['full_name', 'entity.field.full_name'],
  ['legal_name', 'entity.field.legal_name'],
  ['registration_number', 'entity.field.registration_number'],
  ['country_code', 'entity.field.country_code'],
  ['date_of_birth', 'entity.field.date_of_birth'],
  ['first_session_at', 'entity.field.first_session_at'],
  ['last_session_at', 'entity.field.last_session_at'],
] as const satisfies readonly (readonly [string, MessageKey])[];
type Counter = keyof Awaited<ReturnType<typeof fetchEntity>>['counters'];
/** Every counter the API declares, named from the catalogs: a new one fails to compile until it is worded. */
const COUNTERS = {
  session_count: 'entity.counter.session_count',
  approved_count: 'entity.counter.approved_count',
  declined_count: 'entity.counter.declined_count',
  in_review_count: 'entity.counter.in_review_count',
} as const satisfies Record<Counter, MessageKey>;
const INSTANT_FIELDS = new Set(['first_session_at', 'last_session_at']);

/** A person or business across sessions: Didit's entity status with its history, counters and sessions. */
export default function EntityPage() {
  const { vendorData = '' } = useParams();
  const [search] = useSearchParams();
  const kind: EntityKind = search.get('kind') === 'business' ? 'business' : 'user';
  const { can } = useAuth();
  const t = useT();
  const toast = useToast();
  const canSet = can('POST', `${entityPath(kind, vendorData)}/status`);
  const res = useResource(`entity:${kind}:${vendorData}`, (s) => fetchEntity(kind, vendorData, s), {
    pollMs: 10_000,
  });
  const [target, setTarget] = useState<EntityStatus | null>(null);
  const [reason, setReason] = useState('');
  const { busy, run } = useAction();

  const submit = async () => {
    if (!target || reason.trim() === '') return;
    await run(async () => {
      await requestEntityStatus(kind, vendorData, target, reason.trim());
      toast({
        tone: 'success',
        title: t('entity.sent', { action: t(WORDS[target].action) }),
        description: t('entity.sent_hint'),
      });
      setTarget(null);
      setReason('');
      await res.reload();
    }, t('entity.not_taken'));
  };

  if (res.error) return <ErrorNotice error={res.error} title={t('entity.load_failed')} />;
  const p = res.data;
  if (!p) return <Spinner />;
  return (
    <div className="page">
      <PageHeader
        title={t(kind === 'business' ? 'entity.title.business' : 'entity.title.user')}
        id={vendorData}
      >
        {p.status ? (
          <DiditTerm kind="entityStatus" value={p.status} className="badge badge-info" />
        ) : (
          <span className="badge badge-muted">{t('entity.not_reported')}</span>
        )}
      </PageHeader>
      <Panel id="entity-status" title={t('entity.status_title')}>
        <p data-testid="entity-status">
          {p.status ? (
            <>
              {t.rich('entity.since', {
                status: diditLabel('entityStatus', p.status),
                time: <LocalTime iso={p.status_at} />,
                b: (chunks) => <strong title={p.status ?? undefined}>{chunks}</strong>,
              })}
              {p.previous_status
                ? ` ${t('entity.was', { status: diditLabel('entityStatus', p.previous_status) })}`
                : ''}
            </>
          ) : (
            <span className="muted">{t('entity.no_status', { kind })}</span>
          )}
        </p>
        {canSet && (
          <div className="actions">
            {ENTITY_STATUSES.filter((s) => s !== p.status).map((s) => (
              <button key={s} type="button" onClick={() => setTarget(s)} disabled={busy}>
                {t(WORDS[s].action)}
              </button>
            ))}
          </div>
        )}
        {target && (
          <Form className="stack" onSubmit={submit}>
            <label htmlFor="entity-reason">{t(WORDS[target].reasonFor)}</label>
            <textarea
              id="entity-reason"
              value={reason}
              maxLength={1000}
              required
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="actions">
              <button type="submit" disabled={busy || reason.trim() === ''}>
                {t(WORDS[target].action)}
              </button>
              <button type="button" onClick={() => setTarget(null)} disabled={busy}>
                {t('entity.cancel')}
              </button>
            </div>
          </Form>
        )}
        <h3>{t('entity.history')}</h3>
        {p.status_history.length === 0 ? (
          <p className="muted">{t('entity.no_history')}</p>
        ) : (
          <ol className="timeline" data-testid="entity-history">
            {p.status_history.map((h) => (
              <li key={`${h.at}:${h.previous_status}:${h.status}`}>
                <DiditTerm kind="entityStatus" value={h.status} className="badge badge-info" />
                <LocalTime className="small" iso={h.at} />
                {h.previous_status && (
                  <span className="small muted">
                    {t('entity.from', { status: diditLabel('entityStatus', h.previous_status) })}
                  </span>
                )}
              </li>
            ))}
          </ol>
        )}
      </Panel>
      <Panel id="entity-profile" title={t('entity.profile')}>
        <dl className="fields fields-inline">
          {(Object.keys(COUNTERS) as Counter[]).map((k) => (
            <Detail key={k} term={t(COUNTERS[k])}>
              {p.counters[k] ?? '—'}
            </Detail>
          ))}
          {PROFILE_FIELDS.filter(([k]) => p.profile[k] != null).map(([k, label]) => (
            <Detail key={k} term={t(label)} dir="auto">
              {INSTANT_FIELDS.has(k) ? <LocalTime iso={String(p.profile[k])} /> : String(p.profile[k])}
            </Detail>
          ))}
        </dl>
      </Panel>
      <Panel id="entity-sessions" title={t('entity.sessions_title')}>
        {p.sessions.length === 0 ? (
          <EmptyState>{t('entity.no_sessions')}</EmptyState>
        ) : (
          <table className="table" data-testid="entity-sessions">
            <thead>
              <tr>
                <th>{t('entity.col.session')}</th>
                <th>{t('entity.col.status')}</th>
                <th>{t('entity.col.name')}</th>
                <th>{t('entity.col.created')}</th>
                <th>{t('entity.col.provenance')}</th>
              </tr>
            </thead>
            <tbody>
              {p.sessions.map((s) => (
                <tr key={s.session_id}>
                  <td>
                    <Link to={`/sessions/${encodeURIComponent(s.session_id)}`}>
                      {s.session_number !== null ? `#${s.session_number}` : s.session_id}
                    </Link>
                  </td>
                  <td>
                    <StatusBadge status={s.status} />
                  </td>
                  <td dir="auto">{s.full_name ?? '—'}</td>
                  <td>
                    <LocalTime iso={s.created_at} />
                  </td>
                  <td>
                    {s.imported
                      ? t('entity.imported_from', { id: s.shared_from_session ?? '—' })
                      : t('entity.own')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Panel>
      <Panel id="entity-requests" title={t('entity.requests')}>
        {p.events.filter((e) => e.source === 'reviewer').length === 0 ? (
          <p className="muted">{t('entity.none')}</p>
        ) : (
          <ul>
            {p.events
              .filter((e) => e.source === 'reviewer')
              .map((e) => (
                <li key={`${e.occurred_at}:${e.actor_user_id}:${e.status}`}>
                  <LocalTime iso={e.occurred_at} />: {diditLabel('entityStatus', e.status)} —{' '}
                  <span dir="auto">{e.reason}</span>
                </li>
              ))}
          </ul>
        )}
      </Panel>
    </div>
  );
}
