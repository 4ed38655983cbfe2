import { useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { useToast } from '../../components/toast.tsx';
import { EmptyState, ErrorNotice, PageHeader, Spinner, StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import {
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
  entityPath,
  fetchEntity,
  requestEntityStatus,
} from './entity.api.ts';

const ACTION: Record<EntityStatus, string> = { FLAGGED: 'Flag', BLOCKED: 'Block', ACTIVE: 'Reactivate' };
const PROFILE_FIELDS = [
  ['full_name', 'Name'],
  ['legal_name', 'Legal name'],
  ['registration_number', 'Registration number'],
  ['country_code', 'Country'],
  ['date_of_birth', 'Date of birth'],
  ['first_session_at', 'First session'],
  ['last_session_at', 'Last session'],
] as const;

/** A person or business across sessions: Didit's entity status with its history, counters and sessions. */
export default function EntityPage() {
  const { vendorData = '' } = useParams();
  const [search] = useSearchParams();
  const kind: EntityKind = search.get('kind') === 'business' ? 'business' : 'user';
  const { can } = useAuth();
  const toast = useToast();
  const canSet = can('POST', `${entityPath(kind, vendorData)}/status`);
  const res = useResource(`entity:${kind}:${vendorData}`, (s) => fetchEntity(kind, vendorData, s), {
    pollMs: 10_000,
  });
  const [target, setTarget] = useState<EntityStatus | null>(null);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    if (!target || reason.trim() === '') return;
    setBusy(true);
    try {
      await requestEntityStatus(kind, vendorData, target, reason.trim());
      toast({
        tone: 'success',
        title: `${ACTION[target]} sent to Didit`,
        description: 'The status changes here when Didit’s webhook arrives.',
      });
      setTarget(null);
      setReason('');
      await res.reload();
    } catch (e) {
      toast({ tone: 'error', title: 'Didit did not take the change', description: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  if (res.error) return <ErrorNotice error={res.error} title="Could not load this profile" />;
  const p = res.data;
  if (!p) return <Spinner />;
  return (
    <div className="page">
      <PageHeader title={kind === 'business' ? 'Business' : 'Person'} id={vendorData}>
        <StatusBadge status={p.status ?? 'Not reported'} />
      </PageHeader>
      <section className="card" aria-labelledby="entity-status">
        <h2 id="entity-status">Didit entity status</h2>
        <p data-testid="entity-status">
          {p.status ? (
            <>
              <strong>{p.status}</strong> since {formatDateTime(p.status_at)}
              {p.previous_status ? ` (was ${p.previous_status})` : ''}
            </>
          ) : (
            <span className="muted">Didit has not reported a status change for this {kind} yet.</span>
          )}
        </p>
        {canSet && (
          <div className="actions">
            {ENTITY_STATUSES.filter((s) => s !== p.status).map((s) => (
              <button key={s} type="button" onClick={() => setTarget(s)} disabled={busy}>
                {ACTION[s]}
              </button>
            ))}
          </div>
        )}
        {target && (
          <form
            className="stack"
            onSubmit={(e) => {
              e.preventDefault();
              void submit();
            }}
          >
            <label htmlFor="entity-reason">
              Reason for {ACTION[target].toLowerCase()} (recorded at Didit and in the audit log)
            </label>
            <textarea
              id="entity-reason"
              value={reason}
              maxLength={1000}
              required
              onChange={(e) => setReason(e.target.value)}
            />
            <div className="actions">
              <button type="submit" disabled={busy || reason.trim() === ''}>
                {ACTION[target]}
              </button>
              <button type="button" onClick={() => setTarget(null)} disabled={busy}>
                Cancel
              </button>
            </div>
          </form>
        )}
        <h3>History</h3>
        {p.status_history.length === 0 ? (
          <p className="muted">No status changes received.</p>
        ) : (
          <ol className="timeline" data-testid="entity-history">
            {p.status_history.map((h) => (
              <li key={`${h.at}:${h.previous_status}:${h.status}`}>
                <StatusBadge status={h.status} />
                <span className="small">{formatDateTime(h.at)}</span>
                {h.previous_status && <span className="small muted">from {h.previous_status}</span>}
              </li>
            ))}
          </ol>
        )}
      </section>
      <section className="card" aria-labelledby="entity-profile">
        <h2 id="entity-profile">Profile</h2>
        <dl className="fields fields-inline">
          {Object.entries(p.counters).map(([k, v]) => (
            <div key={k}>
              <dt>{k.replaceAll('_', ' ')}</dt>
              <dd>{v ?? '—'}</dd>
            </div>
          ))}
          {PROFILE_FIELDS.filter(([k]) => p.profile[k] != null).map(([k, label]) => (
            <div key={k}>
              <dt>{label}</dt>
              <dd dir="auto">{String(p.profile[k])}</dd>
            </div>
          ))}
        </dl>
      </section>
      <section className="card" aria-labelledby="entity-sessions">
        <h2 id="entity-sessions">Sessions with this vendor data</h2>
        {p.sessions.length === 0 ? (
          <EmptyState>No sessions stored here for this vendor data.</EmptyState>
        ) : (
          <table className="table" data-testid="entity-sessions">
            <thead>
              <tr>
                <th>Session</th>
                <th>Status</th>
                <th>Name</th>
                <th>Created</th>
                <th>Provenance</th>
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
                  <td>{formatDateTime(s.created_at)}</td>
                  <td>{s.imported ? `Imported from ${s.shared_from_session}` : 'Own'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="entity-requests">
        <h2 id="entity-requests">Requests from this console</h2>
        {p.events.filter((e) => e.source === 'reviewer').length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul>
            {p.events
              .filter((e) => e.source === 'reviewer')
              .map((e) => (
                <li key={`${e.occurred_at}:${e.actor_user_id}:${e.status}`}>
                  {formatDateTime(e.occurred_at)}: {e.status} — <span dir="auto">{e.reason}</span>
                </li>
              ))}
          </ul>
        )}
      </section>
    </div>
  );
}
