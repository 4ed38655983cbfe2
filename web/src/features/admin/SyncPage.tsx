import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { Detail } from '../../components/Detail.tsx';
import { JsonTable } from '../../components/data-table/JsonTable.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, LocalTime, PageHeader, Panel, Term } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { termText } from '../../i18n/terms.ts';
import { formatDateTime, formatValue } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  fetchBackfill,
  fetchList,
  type Json,
  refetchSession,
  startBackfill,
  stopBackfill,
} from './admin.api.ts';
import { type Drift, explainDrift } from './drift.ts';
import './admin.css';
import { useToastedSteps } from '../../lib/use-action.ts';

const BACKFILL_STATE: Record<string, MessageKey> = {
  idle: 'admin.sync.state.idle',
  running: 'admin.sync.state.running',
  stopping: 'admin.sync.state.stopping',
  stopped: 'admin.sync.state.stopped',
  done: 'admin.sync.state.done',
  failed: 'admin.sync.state.failed',
};

/** Each drift in words, with its fix when there is one: fetch the session from Didit again. */
function DriftList({ rows }: { rows: Drift[] }) {
  const t = useT();
  const toast = useToast();
  const { can } = useAuth();
  const [busy, setBusy] = useState<string | null>(null);
  const [fetched, setFetched] = useState<Set<string>>(() => new Set());
  if (rows.length === 0) return <p className="muted">{t('admin.sync.no_drift')}</p>;
  return (
    <ul className="plain-list drift-list" data-testid="drifts-list">
      {rows.map((d) => {
        const { text, refetch } = explainDrift(d);
        const mayFetch = refetch && can('POST', `/api/sessions/${d.session_id}/refresh`);
        return (
          <li key={String(d.id)} className="drift">
            <p>
              <Link className="mono small" to={`/sessions/${encodeURIComponent(d.session_id)}`}>
                {t('admin.sync.session', { id: d.session_id.slice(0, 8) })}
              </Link>{' '}
              <span className="muted small">
                {t.rich('admin.sync.found', { time: <LocalTime iso={d.detected_at} /> })}
              </span>
            </p>
            <p dir="auto">{text}</p>
            {mayFetch &&
              (fetched.has(d.session_id) ? (
                <p className="small">{t('admin.sync.fetched_note')}</p>
              ) : (
                <button
                  type="button"
                  className="button small"
                  disabled={busy !== null}
                  onClick={() => {
                    setBusy(d.session_id);
                    refetchSession(d.session_id)
                      .then(() => {
                        setFetched((prev) => new Set(prev).add(d.session_id));
                        toast({ tone: 'success', title: t('admin.sync.fetched') });
                      })
                      .catch((e) =>
                        toast({
                          tone: 'error',
                          title: t('admin.sync.fetch_failed'),
                          description: errorMessage(e),
                        }),
                      )
                      .finally(() => setBusy(null));
                  }}
                >
                  {t('admin.sync.fetch')}
                </button>
              ))}
          </li>
        );
      })}
    </ul>
  );
}

const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

function Progress({ b }: { b: Json }) {
  const t = useT();
  const done = num(b.processed) ?? num(b.done) ?? num(b.sessions_processed) ?? num(b.fetched);
  const total = num(b.total) ?? num(b.estimated_total) ?? num(b.sessions_total);
  if (done === undefined) return null;
  return (
    <div className="stack">
      {total ? (
        <progress max={total} value={done} aria-label={t('admin.sync.progress_label')}>
          {Math.round((done / total) * 100)}%
        </progress>
      ) : null}
      <span className="small">
        {total ? t('admin.sync.progress_of', { done, total }) : t('admin.sync.progress', { done })}
      </span>
    </div>
  );
}

/** The backfill's fields in the console's language; others read as words. */
const SYNC_FIELD: Record<string, MessageKey> = {
  run_id: 'admin.sync.field.run_id',
  state: 'admin.sync.field.state',
  done: 'admin.sync.field.done',
  total: 'admin.sync.field.total',
  rate_per_min: 'admin.sync.field.rate_per_min',
  eta_seconds: 'admin.sync.field.eta_seconds',
  started_at: 'admin.sync.field.started_at',
  finished_at: 'admin.sync.field.finished_at',
  error: 'admin.sync.field.error',
};

/** The failed events' columns, in the order shown: the session, what the event was, why it failed. */
const FAILED_COLUMN = {
  session_id: 'admin.sync.failed_col.session_id',
  webhook_type: 'admin.sync.failed_col.webhook_type',
  status: 'admin.sync.failed_col.status',
  occurred_at: 'admin.sync.failed_col.occurred_at',
  received_at: 'admin.sync.failed_col.received_at',
  apply_error: 'admin.sync.failed_col.apply_error',
  source: 'admin.sync.failed_col.source',
  event_id: 'admin.sync.failed_col.event_id',
} as const satisfies Record<string, MessageKey>;
type FailedColumn = keyof typeof FAILED_COLUMN;
const FAILED_COLUMNS = Object.keys(FAILED_COLUMN) as FailedColumn[];

export default function SyncPage() {
  const t = useT();
  const backfill = useResource('backfill', (s) => fetchBackfill(s), { pollMs: 3000 });
  const drifts = useResource('drifts', (s) => fetchList('/api/sync/drifts', s));
  const failed = useResource('failed', (s) => fetchList('/api/sync/failed-events', s));
  const { busy, act } = useToastedSteps(backfill.reload, (what) => t('admin.sync.failed_action', { what }));
  const b = backfill.data;
  const state = String(b?.state ?? b?.status ?? 'idle');
  const running = /running|active|started|queued/i.test(state);
  const stateTerm = termText(BACKFILL_STATE[state], state, state);

  return (
    <section aria-labelledby="sync-title">
      <PageHeader title={t('admin.sync.title')} id="sync-title" />
      <Panel id="backfill-title" title={t('admin.sync.backfill')}>
        <p className="muted small">{t('admin.sync.backfill_intro')}</p>
        <ErrorNotice error={backfill.error} title={t('admin.sync.backfill_unavailable')} />
        <p>
          {t('admin.sync.state')}{' '}
          <span className="badge badge-info" data-testid="backfill-state" title={stateTerm.title}>
            {stateTerm.label}
          </span>
        </p>
        {b && <Progress b={b} />}
        {b && (
          <dl className="fields">
            {Object.entries(b)
              .filter(([, v]) => v !== null && typeof v !== 'object')
              .map(([k, v]) => (
                <Detail
                  key={k}
                  // A field this table does not name yet shows as its key: data, not words.
                  term={
                    <Term
                      term={termText(SYNC_FIELD[k], k, k)}
                      className={SYNC_FIELD[k] ? undefined : 'mono'}
                    />
                  }
                >
                  {k === 'state' && BACKFILL_STATE[String(v)]
                    ? t(BACKFILL_STATE[String(v)]!)
                    : k.endsWith('_at') && typeof v === 'string'
                      ? formatDateTime(v)
                      : formatValue(v)}
                </Detail>
              ))}
          </dl>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy || running}
            onClick={() => void act(t('admin.sync.started'), () => startBackfill())}
          >
            {t('admin.sync.start')}
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !running}
            onClick={() => void act(t('admin.sync.stopped'), stopBackfill)}
          >
            {t('admin.sync.stop')}
          </button>
        </div>
      </Panel>
      <Panel id="drifts-title" title={t('admin.sync.drifts')}>
        <p className="muted small">{t('admin.sync.drifts_intro')}</p>
        <ErrorNotice error={drifts.error} />
        <DriftList rows={(drifts.data?.rows ?? []) as unknown as Drift[]} />
      </Panel>
      <Panel id="failed-title" title={t('admin.sync.failed_events')}>
        <ErrorNotice error={failed.error} />
        <JsonTable
          rows={(failed.data?.rows ?? []).map((r) =>
            Object.fromEntries(FAILED_COLUMNS.map((k) => [k, r[k] ?? null])),
          )}
          headerLabel={(k) => t(FAILED_COLUMN[k as FailedColumn])}
          caption={t('admin.sync.failed_caption')}
          empty={t('admin.sync.failed_empty')}
          testId="failed-table"
        />
      </Panel>
    </section>
  );
}
