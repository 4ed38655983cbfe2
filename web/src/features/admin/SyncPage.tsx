import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { JsonTable } from '../../components/data-table/JsonTable.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader } from '../../components/ui.tsx';
import { formatDateTime, formatValue, humanize } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import { fetchBackfill, fetchList, type Json, startBackfill, stopBackfill } from './admin.api.ts';

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
        <JsonTable
          rows={drifts.data?.rows ?? []}
          caption="Drifts"
          empty="No drift found."
          testId="drifts-table"
        />
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
