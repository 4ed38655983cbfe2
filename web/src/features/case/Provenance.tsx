import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { LocalTime, StatusBadge } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { type Translate, useT } from '../../i18n/I18nProvider.tsx';
import { DECISION_STATE } from './ConsoleDecisions.tsx';
import type { CaseData, Provenance as ProvenanceData } from './case.api.ts';

type Recorded = Extract<ProvenanceData, { recorded_in_reliance_ledger: true }>;
type NoteCode = Extract<ProvenanceData, { recorded_in_reliance_ledger: false }>['note_code'];

/** Said in the opening sentence (partner, source session, its local copy) or beside another field. */
type InSentence = 'recorded_in_reliance_ledger' | 'partner_name' | 'source_session_id' | 'local_session_id';
/** The latest review's state is shown with its status. */
type Listed = Exclude<keyof Recorded, InSentence | 'latest_review_state'>;

/**
 * The reliance ledger's fields, in the order the card lists them, each named from the catalogs. Every field
 * the API declares is either here or said in the sentence above the list: a new one fails to compile until
 * it is worded.
 */
const FIELDS = {
  trust_review: 'case.provenance.field.trust_review',
  source_status: 'case.provenance.field.source_status',
  landed_status: 'case.provenance.field.landed_status',
  current_status: 'case.provenance.field.current_status',
  latest_review_status: 'case.provenance.field.latest_review',
  imported_by_name: 'case.provenance.field.imported_by',
  imported_at: 'case.provenance.field.imported_at',
  source_application_id: 'case.provenance.field.source_application_id',
  partner_id: 'case.provenance.field.partner_id',
  workflow_id: 'case.provenance.field.workflow_id',
  import_id: 'case.provenance.field.import_id',
  token_fingerprint: 'case.provenance.field.token_fingerprint',
} as const satisfies Record<Listed, MessageKey>;

/** Why a provenance is thin, by the API's note code. */
const NOTES = {
  IMPORTED_OUTSIDE_CONSOLE: 'case.provenance.note.imported_outside_console',
} as const satisfies Record<NoteCode, MessageKey>;

const id = (v: string | null) => (v ? <span className="mono small break">{v}</span> : '—');
const status = (v: string | null) => (v ? <StatusBadge status={v} /> : '—');

function fieldValue(p: Recorded, field: Listed, t: Translate): ReactNode {
  switch (field) {
    case 'trust_review':
      return t(p.trust_review ? 'case.provenance.trust.kept' : 'case.provenance.trust.ours');
    case 'source_status':
    case 'landed_status':
    case 'current_status':
      return status(p[field]);
    case 'latest_review_status':
      if (!p.latest_review_status) return t('case.provenance.no_review');
      return (
        <>
          <StatusBadge status={p.latest_review_status} />{' '}
          {p.latest_review_state && (
            <span className="tag">
              {t(
                DECISION_STATE[p.latest_review_state as keyof typeof DECISION_STATE] ??
                  'case.decisions.state.other',
              )}
            </span>
          )}
        </>
      );
    case 'imported_by_name':
      return p.imported_by_name ? <span dir="auto">{p.imported_by_name}</span> : '—';
    case 'imported_at':
      return <LocalTime iso={p.imported_at} />;
    default:
      return id(p[field]);
  }
}

/** Where an imported case came from, and to whom this case was shared: who relied on whose verification. */
export function Provenance({ data }: { data: CaseData }) {
  const t = useT();
  const p = data.provenance;
  if (!data.sharedFromSession && !p && data.shares.length === 0) return null;
  const sourceId = p?.source_session_id ?? data.sharedFromSession;
  const recorded = p?.recorded_in_reliance_ledger ? p : null;
  const localSource = recorded?.local_session_id ?? null;
  return (
    <section className="card provenance" aria-labelledby="provenance-title" data-testid="provenance">
      <h2 id="provenance-title">{t('case.provenance.title')}</h2>
      {(data.sharedFromSession || p) && (
        <div>
          <p>
            {t('case.provenance.imported_from')}{' '}
            {p?.partner_name ? <strong dir="auto">{p.partner_name}</strong> : t('case.provenance.a_partner')}
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
          {p && !p.recorded_in_reliance_ledger && (
            <p className="muted" data-testid="provenance-note" data-note={p.note_code}>
              {t(NOTES[p.note_code])}
            </p>
          )}
          {recorded && (
            <dl className="fields" data-testid="provenance-fields">
              {(Object.keys(FIELDS) as Listed[]).map((field) => (
                <div key={field} data-field={field}>
                  <dt>{t(FIELDS[field])}</dt>
                  <dd>{fieldValue(recorded, field, t)}</dd>
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
                  <td>
                    {typeof s.partner_name === 'string' ? (
                      <span dir="auto">{s.partner_name}</span>
                    ) : (
                      id(typeof s.for_application_id === 'string' ? s.for_application_id : null)
                    )}
                  </td>
                  <td dir="auto">{typeof s.created_by_name === 'string' ? s.created_by_name : '—'}</td>
                  <td>
                    <LocalTime iso={typeof s.created_at === 'string' ? s.created_at : null} />
                  </td>
                  <td>
                    <LocalTime iso={typeof s.expires_at === 'string' ? s.expires_at : null} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
