import { useCallback, useEffect, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, PageHeader, Spinner, StatusBadge } from '../../components/ui.tsx';
import { errorCodeText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
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
  type SessionKindFilter,
  SHAREABLE_STATUS_FILTER,
  saveFile,
  startBatch,
  TTL_PRESETS,
} from './sharing.api.ts';
import { errorTitle, formatDuration, PartnerPicker, TtlPicker } from './sharing.components.tsx';
import './sharing.css';
import { useAction } from '../../lib/use-action.ts';

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
  const t = useT();
  if (selected.size === 0) return null;
  return (
    <details open={selected.size <= 50} data-testid="batch-selected">
      <summary>{t('sharing.batch.selected_summary', { count: selected.size })}</summary>
      <ul className="plain-list">
        {[...selected].map((id) => (
          <li key={id}>
            <span className="mono small">{id.slice(0, 8)}</span>{' '}
            {names.get(id) ? <span dir="auto">{names.get(id)}</span> : null}{' '}
            <button
              type="button"
              className="button small"
              aria-label={t('sharing.batch.remove_label', { id })}
              onClick={() => {
                const next = new Set(selected);
                next.delete(id);
                onChange(next);
              }}
            >
              {t('sharing.batch.remove')}
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
  const t = useT();
  const [q, setQ] = useState('');
  const [kind, setKind] = useState<SessionKindFilter>('');
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
          <span>{t('sharing.batch.search')}</span>
          <input className="input" value={draft} onChange={(e) => setDraft(e.target.value)} />
        </label>
        <label className="field-inline">
          <span>{t('sharing.batch.kind')}</span>
          <select
            className="input"
            value={kind}
            onChange={(e) => {
              setCursor('');
              setKind(e.target.value as SessionKindFilter);
            }}
          >
            <option value="">{t('sharing.batch.kind_both')}</option>
            <option value="user">KYC</option>
            <option value="business">KYB</option>
          </select>
        </label>
        <button type="submit" className="button">
          {t('sharing.batch.search_submit')}
        </button>
      </form>
      <ErrorNotice error={list.error} title={t('sharing.batch.sessions_failed')} />
      <div className="table-wrap">
        <table className="data-table compact" data-testid="batch-session-picker">
          <caption className="visually-hidden">{t('sharing.batch.picker_caption')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('sharing.batch.select_page')}
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
              <th scope="col">{t('sharing.batch.col_subject')}</th>
              <th scope="col">{t('sharing.batch.col_vendor')}</th>
              <th scope="col">{t('sharing.batch.col_status')}</th>
              <th scope="col">{t('sharing.batch.col_session')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.session_id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={t('sharing.batch.select_one', { id: i.session_id })}
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
          <div className="empty">{list.loading ? <Spinner /> : t('sharing.batch.no_match')}</div>
        )}
      </div>
      <div className="pager">
        <span className="muted">{t('sharing.batch.selected_count', { count: selected.size })}</span>
        <button type="button" className="button" disabled={!cursor} onClick={() => setCursor('')}>
          {t('components.pager.first')}
        </button>
        <button
          type="button"
          className="button"
          disabled={!list.data?.next_cursor}
          onClick={() => list.data?.next_cursor && setCursor(list.data.next_cursor)}
        >
          {t('components.pager.next')}
        </button>
      </div>
    </div>
  );
}

function Progress({ batch, onDownloaded }: { batch: Batch; onDownloaded: () => void }) {
  const toast = useToast();
  const t = useT();
  const { busy, error, run } = useAction();
  const failedRows = batch.items.filter((i) => i.status === 'failed');
  const remaining = batch.total - batch.done;
  return (
    <div className="card stack" data-testid="batch-progress">
      <h2>
        {t('sharing.batch.progress_title', {
          who: batch.partner?.name ?? batch.for_application_id,
          status: batch.status,
        })}
      </h2>
      <div
        className="progress"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={batch.total}
        aria-valuenow={batch.done}
        aria-label={t('sharing.batch.progress_label')}
      >
        <div style={{ width: `${(batch.shared / Math.max(1, batch.total)) * 100}%` }} />
        <div className="failed" style={{ width: `${(batch.failed / Math.max(1, batch.total)) * 100}%` }} />
      </div>
      <p data-testid="batch-counts">
        {t('sharing.batch.counts', {
          done: batch.done,
          total: batch.total,
          shared: batch.shared,
          failed: batch.failed,
        })}
        {batch.status === 'running' && remaining > 0 && (
          <span className="muted">
            {' '}
            {t('sharing.batch.eta', { duration: formatDuration(Math.ceil(remaining / 4)) })}
          </span>
        )}
      </p>
      {batch.status === 'interrupted' && (
        <p className="notice notice-warning">{t('sharing.batch.interrupted')}</p>
      )}
      {batch.tokens === 'available' && (
        <div className="notice notice-warning">
          <strong>{t('sharing.batch.download_now')}</strong>
          <span>{t('sharing.batch.download_explain')}</span>
          {!hasBatchKey(batch.id) && (
            <span data-testid="batch-key-missing">{t('sharing.batch.key_missing')}</span>
          )}
          <div>
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              data-testid="batch-download"
              onClick={() =>
                void run(async () => {
                  const { filename, csv } = await downloadBatchTokens(batch.id);
                  saveFile(filename, csv);
                  toast({
                    tone: 'success',
                    title: t('sharing.batch.downloaded_toast'),
                    description: t('sharing.batch.downloaded_hint'),
                  });
                  onDownloaded();
                })
              }
            >
              {t('sharing.batch.download')}
            </button>
          </div>
        </div>
      )}
      {batch.tokens === 'downloaded' && (
        <p className="notice notice-info" data-testid="batch-downloaded">
          {t('sharing.batch.downloaded')}
        </p>
      )}
      {batch.tokens === 'lost' && <p className="notice notice-error">{t('sharing.batch.lost')}</p>}
      {error ? (
        <ErrorNotice error={error} title={errorTitle(error, t('sharing.batch.download_failed'))} />
      ) : null}
      {failedRows.length > 0 && (
        <details open={failedRows.length <= 20}>
          <summary>{t('sharing.batch.failed_summary', { count: failedRows.length })}</summary>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('sharing.batch.col_row')}</th>
                <th scope="col">{t('sharing.batch.col_vendor')}</th>
                <th scope="col">{t('sharing.batch.col_session')}</th>
                <th scope="col">{t('sharing.batch.col_why')}</th>
              </tr>
            </thead>
            <tbody>
              {failedRows.map((i) => (
                <tr key={i.row}>
                  <td>{i.row}</td>
                  <td className="mono small" dir="auto">
                    {i.vendor_data ?? '—'}
                  </td>
                  <td className="mono small">{i.session_id ?? '—'}</td>
                  <td title={i.error_message ?? undefined}>
                    {i.error_code ? errorCodeText(i.error_code, 0) : i.error_message}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <p className="small">
        <Link to="/sharing/shares">{t('sharing.shares.title')}</Link>
      </p>
    </div>
  );
}

export default function BatchSharePage() {
  const t = useT();
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
  const { busy, error, run } = useAction();
  const batch = useResource(batchId ? `batch:${batchId}` : null, (s) => fetchBatch(batchId!, s), {
    pollMs: 1000,
  });
  const vendorIds = useMemo(() => parseVendorDataCsv(csvText), [csvText]);
  const count = source === 'pick' ? selected.size : vendorIds.length;

  if (batchId) {
    return (
      <section aria-labelledby="batch-title">
        <PageHeader title={t('sharing.batch.title')} id="batch-title">
          <button type="button" className="button" onClick={() => setParams({})}>
            {t('sharing.batch.new')}
          </button>
        </PageHeader>
        {batch.data ? (
          <Progress batch={batch.data} onDownloaded={() => void batch.reload()} />
        ) : batch.error ? (
          <ErrorNotice error={batch.error} title={t('sharing.batch.load_failed')} />
        ) : (
          <Spinner />
        )}
      </section>
    );
  }

  return (
    <section aria-labelledby="batch-title">
      <PageHeader title={t('sharing.batch.title')} id="batch-title" />
      <p className="muted">{t('sharing.batch.intro', { max: MAX_BATCH })}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void run(async () => {
            const b = await startBatch({
              partner_id: partnerId,
              ttl_in_seconds: ttl,
              ...(source === 'pick' ? { session_ids: [...selected] } : { vendor_data: vendorIds }),
            });
            setParams({ batch: b.id });
          });
        }}
      >
        <div className="card form-grid">
          {partners.data && partners.data.length === 0 ? (
            <p className="notice notice-info">
              {t.rich('sharing.batch.no_partner', {
                link: (chunks) => <Link to="/sharing/partners">{chunks}</Link>,
              })}
            </p>
          ) : (
            <PartnerPicker partners={partners.data ?? []} value={partnerId} onChange={setPartnerId} />
          )}
          <TtlPicker value={ttl} onChange={setTtl} />
        </div>
        <div className="card form-grid">
          <fieldset className="segmented plain-fieldset" aria-label={t('sharing.batch.sessions_label')}>
            <button
              type="button"
              className="button small"
              aria-pressed={source === 'pick'}
              onClick={() => setSource('pick')}
            >
              {t('sharing.batch.pick')}
            </button>
            <button
              type="button"
              className="button small"
              aria-pressed={source === 'csv'}
              onClick={() => setSource('csv')}
            >
              {t('sharing.batch.csv')}
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
                <span>{t('sharing.batch.csv_label')}</span>
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
                <span>{t('sharing.batch.upload')}</span>
                <input
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  onChange={(e) => {
                    const file = e.target.files?.[0];
                    if (file) void file.text().then(setCsvText);
                  }}
                />
              </label>
              <p className="hint">{t('sharing.batch.csv_count', { count: vendorIds.length })}</p>
            </>
          )}
        </div>
        {count > MAX_BATCH && (
          <p className="notice notice-error" role="alert">
            {t('sharing.batch.too_many', { count, max: MAX_BATCH })}
          </p>
        )}
        {error ? (
          <ErrorNotice error={error} title={errorTitle(error, t('sharing.batch.start_failed'))} />
        ) : null}
        <div>
          <button
            type="submit"
            className="button button-primary"
            disabled={busy || !partnerId || count === 0 || count > MAX_BATCH}
            data-testid="batch-start"
          >
            {busy ? t('sharing.batch.starting') : t('sharing.batch.share_n', { count })}
          </button>
        </div>
      </form>
    </section>
  );
}
