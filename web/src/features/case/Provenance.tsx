import { Link } from 'react-router-dom';
import { formatDateTime, formatValue, humanize } from '../../lib/format.ts';
import type { CaseData } from './case.api.ts';

const SOURCE_KEYS = ['source_session_id', 'source_session', 'shared_from_session', 'session_id'];

/** Where an imported case came from, and to whom this case was shared: who relied on whose verification. */
export function Provenance({ data }: { data: CaseData }) {
  const p = data.provenance;
  if (!data.sharedFromSession && !p && data.shares.length === 0) return null;
  const sourceId =
    (p && (SOURCE_KEYS.map((k) => p[k]).find((v) => typeof v === 'string') as string | undefined)) ??
    data.sharedFromSession;
  const localSource = p && typeof p.local_session_id === 'string' ? p.local_session_id : null;
  const entries = p ? Object.entries(p).filter(([, v]) => v !== null && typeof v !== 'object') : [];
  return (
    <section className="card provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">Provenance</h2>
      {(data.sharedFromSession || p) && (
        <div>
          <p>
            Imported from{' '}
            {p?.partner_name ? <strong>{String(p.partner_name)}</strong> : 'a partner application'}
            {sourceId && (
              <>
                {' '}
                (source session <span className="mono small">{sourceId}</span>
                {localSource && (
                  <>
                    {', '}
                    <Link to={`/sessions/${encodeURIComponent(localSource)}`}>open it here</Link>
                  </>
                )}
                )
              </>
            )}
            .
          </p>
          {entries.length > 0 && (
            <dl className="fields">
              {entries.map(([k, v]) => (
                <div key={k}>
                  <dt>{humanize(k)}</dt>
                  <dd className={k.endsWith('_id') || k.includes('fingerprint') ? 'mono small' : undefined}>
                    {k.endsWith('_at') && typeof v === 'string' ? formatDateTime(v) : formatValue(v)}
                  </dd>
                </div>
              ))}
            </dl>
          )}
        </div>
      )}
      {data.shares.length > 0 && (
        <div>
          <h3>Shared from this case</h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">By</th>
                <th scope="col">Minted</th>
                <th scope="col">Expires</th>
              </tr>
            </thead>
            <tbody>
              {data.shares.map((s, i) => (
                <tr key={String(s.id ?? i)}>
                  <td>{formatValue(s.partner_name ?? s.for_application_id)}</td>
                  <td>{formatValue(s.created_by_name ?? s.created_by ?? s.minted_by)}</td>
                  <td>{formatDateTime((s.created_at ?? s.minted_at) as string | undefined)}</td>
                  <td>{formatDateTime(s.expires_at as string | undefined)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
