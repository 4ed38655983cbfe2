import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader, Spinner, StatusBadge } from '../../components/ui.tsx';
import { useResource } from '../../lib/use-resource.ts';
import {
  type Batch,
  downloadBatchTokens,
  fetchBatch,
  fetchPartners,
  fetchShareableSessions,
  hasBatchKey,
  MAX_BATCH,
  parseVendorDataCsv,
  SHAREABLE_STATUS_FILTER,
  saveFile,
  startBatch,
  TTL_PRESETS,
} from './sharing.api.ts';
import { errorTitle, formatDuration, PartnerPicker, TtlPicker } from './sharing.components.tsx';
import './sharing.css';

/**
 * The sessions in the batch so far (those picked in the queue arrive through `?sessions=`), listed whatever
 * page the picker shows, each removable. Names appear once the picker has shown the session.
 */
function SelectedSessions({
  selected,
  names,
  onChange,
}: {
  selected: Set<string>;
  names: Map<string, string | null>;
  onChange: (next: Set<string>) => void;
}) {
  if (selected.size === 0) return null;
  return (
    <details open={selected.size <= 50} data-testid="batch-selected">
      <summary>
        {selected.size} session{selected.size === 1 ? '' : 's'} selected
      </summary>
      <ul className="plain-list">
        {[...selected].map((id) => (
          <li key={id}>
            <span className="mono small">{id.slice(0, 8)}</span>{' '}
            {names.get(id) ? <span dir="auto">{names.get(id)}</span> : null}{' '}
            <button
              type="button"
              className="button small"
              aria-label={`Remove session ${id} from the batch`}
              onClick={() => {
                const next = new Set(selected);
                next.delete(id);
                onChange(next);
              }}
            >
              Remove
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}

function SessionPicker({
  selected,
  onChange,
  onSeen,
}: {
  selected: Set<string>;
  onChange: (next: Set<string>) => void;
  onSeen: (items: { session_id: string; full_name?: string | null }[]) => void;
}) {
  const [q, setQ] = useState('');
  const [kind, setKind] = useState('');
  const [draft, setDraft] = useState('');
  const [cursor, setCursor] = useState('');
  const list = useResource(JSON.stringify({ q, kind, cursor }), (s) =>
    fetchShareableSessions({ status: SHAREABLE_STATUS_FILTER, kind, q, cursor }, s),
  );
  const items = list.data?.items ?? [];
  useEffect(() => {
    if (list.data) onSeen(list.data.items);
  }, [list.data, onSeen]);
  const allOnPage = items.length > 0 && items.every((i) => selected.has(i.session_id));
  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <div className="stack">
      <form
        className="filter-row"
        onSubmit={(e) => {
          e.preventDefault();
          setCursor('');
          setQ(draft.trim());
        }}
      >
        <label className="field-inline">
          <span>Search name, vendor id, session id</span>
          <input className="input" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <label className="field-inline">
          <span>Kind</span>
          <select
            className="input"
            value={kind}
            onChange={(e) => {
              setCursor('');
              setKind(e.target.value);
            }}
          >
            <option value="">KYC and KYB</option>
            <option value="user">KYC</option>
            <option value="business">KYB</option>
          </select>
        </label>
        <button type="submit" className="button">
          Search
        </button>
      </form>
      <ErrorNotice error={list.error} title="Sessions could not be loaded" />
      <div className="table-wrap">
        <table className="data-table compact" data-testid="batch-session-picker">
          <caption className="visually-hidden">Finished sessions to share</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label="Select every session on this page"
                  checked={allOnPage}
                  onChange={(e) => {
                    const next = new Set(selected);
                    for (const i of items) {
                      if (e.target.checked) next.add(i.session_id);
                      else next.delete(i.session_id);
                    }
                    onChange(next);
                  }}
                />
              </th>
              <th scope="col">Subject</th>
              <th scope="col">Vendor id</th>
              <th scope="col">Status</th>
              <th scope="col">Session</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.session_id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select session ${i.session_id}`}
                    checked={selected.has(i.session_id)}
                    onChange={(e) => toggle(i.session_id, e.target.checked)}
                  />
                </td>
                <td dir="auto">{i.full_name ?? <span className="muted">—</span>}</td>
                <td className="mono small" dir="auto">
                  {i.vendor_data ?? '—'}
                </td>
                <td>
                  <StatusBadge status={i.status} />
                </td>
                <td className="mono small">{i.session_id.slice(0, 8)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {items.length === 0 && (
          <div className="empty">{list.loading ? <Spinner /> : 'No finished session matches.'}</div>
        )}
      </div>
      <div className="pager">
        <span className="muted">{selected.size} selected</span>
        <button type="button" className="button" disabled={!cursor} onClick={() => setCursor('')}>
          First page
        </button>
        <button
          type="button"
          className="button"
          disabled={!list.data?.next_cursor}
          onClick={() => list.data?.next_cursor && setCursor(list.data.next_cursor)}
        >
          Next page
        </button>
      </div>
    </div>
  );
}

function Progress({ batch, onDownloaded }: { batch: Batch; onDownloaded: () => void }) {
  const toast = useToast();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const failedRows = batch.items.filter((i) => i.status === 'failed');
  const remaining = batch.total - batch.done;
  return (
    <div className="card stack" data-testid="batch-progress">
      <h2>
        Sharing with {batch.partner?.name ?? batch.for_application_id} —{' '}
        {batch.status === 'running'
          ? 'in progress'
          : batch.status === 'interrupted'
            ? 'interrupted'
            : 'finished'}
      </h2>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={batch.total}
        aria-valuenow={batch.done}
        aria-label="Sessions processed"
      >
        <div style={{ width: `${(batch.shared / Math.max(1, batch.total)) * 100}%` }} />
        <div className="failed" style={{ width: `${(batch.failed / Math.max(1, batch.total)) * 100}%` }} />
      </div>
      <p data-testid="batch-counts">
        {batch.done} of {batch.total} processed · {batch.shared} shared · {batch.failed} failed
        {batch.status === 'running' && remaining > 0 && (
          <span className="muted">
            {' '}
            · about {formatDuration(Math.ceil(remaining / 4))} left at Didit’s pace
          </span>
        )}
      </p>
      {batch.status === 'interrupted' && (
        <p className="notice notice-warning">
          The console restarted while sharing. Rows not shared are listed below; start a new batch for them.
        </p>
      )}
      {batch.tokens === 'available' && (
        <div className="notice notice-warning">
          <strong>Download the tokens now: the file can be downloaded once.</strong>
          <span>
            After the download the console forgets the tokens; it keeps only their fingerprints in the shares
            ledger.
          </span>
          {!hasBatchKey(batch.id) && (
            <span data-testid="batch-key-missing">
              The key that opens these tokens is held only by the browser tab that started the batch; download
              from there.
            </span>
          )}
          <div>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              data-testid="batch-download"
              onClick={() => {
                setBusy(true);
                setError(null);
                downloadBatchTokens(batch.id)
                  .then(({ filename, csv }) => {
                    saveFile(filename, csv);
                    toast({
                      tone: 'success',
                      title: 'Tokens downloaded',
                      description: 'Send the file to the partner securely.',
                    });
                    onDownloaded();
                  })
                  .catch(setError)
                  .finally(() => setBusy(false));
              }}
            >
              Download tokens (CSV, once)
            </button>
          </div>
        </div>
      )}
      {batch.tokens === 'downloaded' && (
        <p className="notice notice-info" data-testid="batch-downloaded">
          Tokens downloaded. They are no longer held by the console.
        </p>
      )}
      {batch.tokens === 'lost' && (
        <p className="notice notice-error">
          The tokens of this batch were lost (the console restarted or they expired) before the download. The
          shares ledger records each one; share the sessions again for new tokens.
        </p>
      )}
      {error ? <ErrorNotice error={error} title={errorTitle(error, 'The download failed')} /> : null}
      {failedRows.length > 0 && (
        <details open={failedRows.length <= 20}>
          <summary>
            {failedRows.length} row{failedRows.length === 1 ? '' : 's'} not shared
          </summary>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">Row</th>
                <th scope="col">Vendor id</th>
                <th scope="col">Session</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {failedRows.map((i) => (
                <tr key={i.row}>
                  <td>{i.row}</td>
                  <td className="mono small">{i.vendor_data ?? '—'}</td>
                  <td className="mono small">{i.session_id ?? '—'}</td>
                  <td>{i.error_message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <p className="small">
        <Link to="/sharing/shares">Shares ledger</Link>
      </p>
    </div>
  );
}

export default function BatchSharePage() {
  const [params, setParams] = useSearchParams();
  const batchId = params.get('batch');
  const preselected = useMemo(() => (params.get('sessions') ?? '').split(',').filter(Boolean), [params]);
  const partners = useResource('partners', (s) => fetchPartners(s));
  const [partnerId, setPartnerId] = useState('');
  const [ttl, setTtl] = useState<number>(TTL_PRESETS[0].seconds);
  const [source, setSource] = useState<'pick' | 'csv'>('pick');
  const [selected, setSelected] = useState<Set<string>>(() => new Set(preselected));
  const [names, setNames] = useState<Map<string, string | null>>(() => new Map());
  const learnNames = useCallback((items: { session_id: string; full_name?: string | null }[]) => {
    setNames((prev) => {
      const next = new Map(prev);
      for (const i of items) next.set(i.session_id, i.full_name ?? null);
      return next;
    });
  }, []);
  const [csvText, setCsvText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const batch = useResource(batchId ? `batch:${batchId}` : null, (s) => fetchBatch(batchId!, s), {
    pollMs: 1000,
  });
  const vendorIds = useMemo(() => parseVendorDataCsv(csvText), [csvText]);
  const count = source === 'pick' ? selected.size : vendorIds.length;

  if (batchId) {
    return (
      <section aria-labelledby="batch-title">
        <PageHeader title="Batch share" id="batch-title">
          <button type="button" className="button" onClick={() => setParams({})}>
            New batch
          </button>
        </PageHeader>
        {batch.data ? (
          <Progress batch={batch.data} onDownloaded={() => void batch.reload()} />
        ) : batch.error ? (
          <ErrorNotice error={batch.error} title="The batch could not be loaded" />
        ) : (
          <Spinner />
        )}
      </section>
    );
  }

  return (
    <section aria-labelledby="batch-title">
      <PageHeader title="Batch share" id="batch-title" />
      <p className="muted">
        Share up to {MAX_BATCH} finished sessions with one partner. The console paces the calls within Didit’s
        write limit; the tokens come back once, as a CSV file.
      </p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          setBusy(true);
          setError(null);
          startBatch({
            partner_id: partnerId,
            ttl_in_seconds: ttl,
            ...(source === 'pick' ? { session_ids: [...selected] } : { vendor_data: vendorIds }),
          })
            .then((b) => setParams({ batch: b.id }))
            .catch(setError)
            .finally(() => setBusy(false));
        }}
      >
        <div className="card form-grid">
          {partners.data && partners.data.length === 0 ? (
            <p className="notice notice-info">
              No partner is registered yet. <Link to="/sharing/partners">Add one first</Link>.
            </p>
          ) : (
            <PartnerPicker partners={partners.data ?? []} value={partnerId} onChange={setPartnerId} />
          )}
          <TtlPicker value={ttl} onChange={setTtl} />
        </div>
        <div className="card form-grid">
          <fieldset className="segmented plain-fieldset" aria-label="Sessions to share">
            <button
              type="button"
              className="button small"
              aria-pressed={source === 'pick'}
              onClick={() => setSource('pick')}
            >
              Pick sessions
            </button>
            <button
              type="button"
              className="button small"
              aria-pressed={source === 'csv'}
              onClick={() => setSource('csv')}
            >
              Paste or upload vendor ids (CSV)
            </button>
          </fieldset>
          {source === 'pick' ? (
            <>
              <SelectedSessions selected={selected} names={names} onChange={setSelected} />
              <SessionPicker selected={selected} onChange={setSelected} onSeen={learnNames} />
            </>
          ) : (
            <>
              <label className="field">
                <span>vendor_data, one per line (or a CSV with a vendor_data column)</span>
                <textarea
                  className="input mono"
                  rows={8}
                  value={csvText}
                  onChange={(e) => setCsvText(e.target.value)}
                  data-testid="batch-csv"
                  placeholder={'vendor_data\ncustomer-1042\ncustomer-1043'}
                />
              </label>
              <label className="field">
                <span>…or upload a file</span>
                <input
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void file.text().then(setCsvText);
                  }}
                />
              </label>
              <p className="hint">
                {vendorIds.length} distinct vendor id{vendorIds.length === 1 ? '' : 's'}. For each, the newest
                finished session is shared.
              </p>
            </>
          )}
        </div>
        {count > MAX_BATCH && (
          <p className="notice notice-error" role="alert">
            {count} sessions: a batch holds at most {MAX_BATCH}. Split the list.
          </p>
        )}
        {error ? <ErrorNotice error={error} title={errorTitle(error, 'The batch could not start')} /> : null}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !partnerId || count === 0 || count > MAX_BATCH}
            data-testid="batch-start"
          >
            {busy ? 'Starting…' : `Share ${count} session${count === 1 ? '' : 's'}`}
          </button>
        </div>
      </form>
    </section>
  );
}
