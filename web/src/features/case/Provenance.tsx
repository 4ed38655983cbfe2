import { Link } from 'react-router-dom';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime, formatValue, humanize } from '../../lib/format.ts';
import type { CaseData } from './case.api.ts';

const SOURCE_KEYS = ['source_session_id', 'source_session', 'shared_from_session', 'session_id'];

/** Where an imported case came from, and to whom this case was shared: who relied on whose verification. */
export function Provenance({ data }: { data: CaseData }) {
  const t = useT();
  const p = data.provenance;
  if (!data.sharedFromSession && !p && data.shares.length === 0) return null;
  const sourceId =
    (p && (SOURCE_KEYS.map((k) => p[k]).find((v) => typeof v === 'string') as string | undefined)) ??
    data.sharedFromSession;
  const localSource = p && typeof p.local_session_id === 'string' ? p.local_session_id : null;
  const entries = p ? Object.entries(p).filter(([, v]) => v !== null && typeof v !== 'object') : [];
  return (
    <section className="card provenance" aria-labelledby="provenance-title">
      <h2 id="provenance-title">{t('case.provenance.title')}</h2>
      {(data.sharedFromSession || p) && (
        <div>
          <p>
            {t('case.provenance.imported_from')}{' '}
            {p?.partner_name ? <strong>{String(p.partner_name)}</strong> : t('case.provenance.a_partner')}
            {sourceId && (
              <>
                {' '}
                ({t('case.provenance.source_session')} <span className="mono small">{sourceId}</span>
                {localSource && (
                  <>
                    {', '}
                    <Link to={`/sessions/${encodeURIComponent(localSource)}`}>
                      {t('case.provenance.open_here')}
                    </Link>
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
          <h3>{t('case.provenance.shared')}</h3>
          <table className="data-table compact">
            <thead>
              <tr>
                <th scope="col">{t('case.provenance.col.for')}</th>
                <th scope="col">{t('case.provenance.col.by')}</th>
                <th scope="col">{t('case.provenance.col.minted')}</th>
                <th scope="col">{t('case.provenance.col.expires')}</th>
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
