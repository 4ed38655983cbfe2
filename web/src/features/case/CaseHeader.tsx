import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { StatusBadge } from '../../components/ui.tsx';
import { formatAge, formatDateTime } from '../../lib/format.ts';
import { entityPagePath } from '../entity/entity.api.ts';
import type { CaseData } from './case.api.ts';

/** `holder`: who holds the claim now (from the review state, fresher than the session row). */
export function CaseHeader({ data, holder }: { data: CaseData; holder?: string | null }) {
  const r = data.row;
  const { meta } = useAuth();
  // The workflow by the name the console knows it by (configured import workflows), the id kept as a hint.
  const workflowName = [...(meta?.workflows ?? []), ...(meta?.import_workflows ?? [])].find(
    (w) => w.workflow_id === r.workflowId,
  )?.label;
  return (
    <header className="case-header card">
      <div className="case-title">
        <h1>
          {r.kind === 'business' ? 'KYB' : 'KYC'} case {r.number !== null ? `#${r.number}` : ''}
        </h1>
        <StatusBadge status={r.status} />
        {r.imported && <span className="tag tag-info">Imported</span>}
      </div>
      <p className="case-subject" dir="auto">
        {r.fullName || <span className="muted">No name extracted</span>}
      </p>
      <dl className="fields fields-inline">
        <div>
          <dt>Vendor data</dt>
          <dd className="mono" dir="auto">
            {r.vendorData ? (
              <Link to={entityPagePath(r.kind === 'business' ? 'business' : 'user', r.vendorData)}>
                {r.vendorData}
              </Link>
            ) : (
              '—'
            )}
          </dd>
        </div>
        <div>
          <dt>Session id</dt>
          <dd className="mono small">{r.id}</dd>
        </div>
        <div>
          <dt>Workflow</dt>
          <dd className={workflowName ? undefined : 'mono small'} title={r.workflowId ?? undefined}>
            <span dir="auto" data-testid="case-workflow">
              {workflowName ?? r.workflowId ?? '—'}
            </span>
            {r.workflowVersion ? ` · v${r.workflowVersion}` : ''}
          </dd>
        </div>
        <div>
          <dt>Created</dt>
          <dd>{formatDateTime(r.createdAt)}</dd>
        </div>
        <div>
          <dt>Updated</dt>
          <dd>{formatDateTime(r.updatedAt)}</dd>
        </div>
        <div>
          <dt>Age</dt>
          <dd>{formatAge(r.createdAt)}</dd>
        </div>
        <div>
          <dt>Assignee</dt>
          <dd data-testid="case-assignee">
            {(holder === undefined ? r.assignee?.label : holder) ?? 'Unassigned'}
          </dd>
        </div>
      </dl>
    </header>
  );
}
