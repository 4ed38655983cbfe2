import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { JsonTable } from '../../components/data-table/JsonTable.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader } from '../../components/ui.tsx';
import { formatDateTime, formatValue, humanize } from '../../lib/format.ts';
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

/** Each drift in words, with its fix when there is one: fetch the session from Didit again. */
function DriftList({ rows }: { rows: Drift[] }) {
  const toast = useToast();
  const { can } = useAuth();
  const [busy, setBusy] = useState<string | null>(null);
  const [fetched, setFetched] = useState<Set<string>>(() => new Set());
  if (rows.length === 0) return <p className="muted">No drift found.</p>;
  return (
    <ul className="plain-list drift-list" data-testid="drifts-list">
      {rows.map((d) => {
        const { text, refetch } = explainDrift(d);
        const mayFetch = refetch && can('POST', `/api/sessions/${d.session_id}/refresh`);
        return (
          <li key={String(d.id)} className="drift">
            <p>
              <Link className="mono small" to={`/sessions/${encodeURIComponent(d.session_id)}`}>
                Session {d.session_id.slice(0, 8)}
              </Link>{' '}
              <span className="muted small">found {formatDateTime(d.detected_at)}</span>
            </p>
            <p dir="auto">{text}</p>
            {mayFetch &&
              (fetched.has(d.session_id) ? (
                <p className="small">Fetched again from Didit: the case now shows Didit’s data.</p>
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
                        toast({ tone: 'success', title: 'Fetched again from Didit' });
                      })
                      .catch((e) =>
                        toast({ tone: 'error', title: 'The fetch failed', description: errorMessage(e) }),
                      )
                      .finally(() => setBusy(null));
                  }}
                >
                  Fetch again from Didit
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
  const done = num(b.processed) ?? num(b.done) ?? num(b.sessions_processed) ?? num(b.fetched);
  const total = num(b.total) ?? num(b.estimated_total) ?? num(b.sessions_total);
  if (done === undefined) return null;
  return (
    <div className="stack">
      {total ? (
        <progress max={total} value={done} aria-label="Backfill progress">
          {Math.round((done / total) * 100)}%
        </progress>
      ) : null}
      <span className="small">
        {done} sessions{total ? ` of ${total}` : ''} fetched
      </span>
    </div>
  );
}

export default function SyncPage() {
  const toast = useToast();
  const backfill = useResource('backfill', (s) => fetchBackfill(s), { pollMs: 3000 });
  const drifts = useResource('drifts', (s) => fetchList('/api/sync/drifts', s));
  const failed = useResource('failed', (s) => fetchList('/api/sync/failed-events', s));
  const [busy, setBusy] = useState(false);
  const b = backfill.data;
  const state = String(b?.state ?? b?.status ?? 'idle');
  const running = /running|active|started|queued/i.test(state);

  const run = async (fn: () => Promise<void>, what: string) => {
    setBusy(true);
    try {
      await fn();
      toast({ tone: 'success', title: what });
      await backfill.reload();
    } catch (e) {
      toast({ tone: 'error', title: `${what}: failed`, description: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="sync-title">
      <PageHeader title="Sync with Didit" id="sync-title" />
      <section className="card" aria-labelledby="backfill-title">
        <h2 id="backfill-title">Backfill</h2>
        <p className="muted small">
          Pages through Didit's session list and fetches each decision, within Didit's rate limits. Safe to
          repeat.
        </p>
        <ErrorNotice error={backfill.error} title="Backfill state unavailable" />
        <p>
          State:{' '}
          <span className="badge badge-info" data-testid="backfill-state">
            {state}
          </span>
        </p>
        {b && <Progress b={b} />}
        {b && (
          <dl className="fields">
            {Object.entries(b)
              .filter(([, v]) => v !== null && typeof v !== 'object')
              .map(([k, v]) => (
                <div key={k}>
                  <dt>{humanize(k)}</dt>
                  <dd>{k.endsWith('_at') && typeof v === 'string' ? formatDateTime(v) : formatValue(v)}</dd>
                </div>
              ))}
          </dl>
        )}
        <div className="dialog-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy || running}
            onClick={() => void run(() => startBackfill(), 'Backfill started')}
          >
            Start backfill
          </button>
          <button
            type="button"
            className="button"
            disabled={busy || !running}
            onClick={() => void run(stopBackfill, 'Backfill stopped')}
          >
            Stop
          </button>
        </div>
      </section>
      <section className="card" aria-labelledby="drifts-title">
        <h2 id="drifts-title">Drifts</h2>
        <p className="muted small">
          Sessions whose status here differs from Didit's, found by reconciliation.
        </p>
        <ErrorNotice error={drifts.error} />
        <DriftList rows={(drifts.data?.rows ?? []) as unknown as Drift[]} />
      </section>
      <section className="card" aria-labelledby="failed-title">
        <h2 id="failed-title">Failed webhook events</h2>
        <ErrorNotice error={failed.error} />
        <JsonTable
          rows={failed.data?.rows ?? []}
          caption="Failed events"
          empty="No failed event."
          testId="failed-table"
        />
      </section>
    </section>
  );
}
