import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { StatusBadge } from '../../components/ui.tsx';
import { formatAge, formatDateTime } from '../../lib/format.ts';
import { entityPagePath } from '../entity/entity.api.ts';
import type { CaseData } from './case.api.ts';
import { EntityStatus } from './EntityStatus.tsx';

interface Props {
  data: CaseData;
  /** Who holds the claim now (from the review state, fresher than the session row). */
  holder?: string | null | undefined;
  /** Actions on the whole case (report, erasure…), shown at the end of the title row. */
  actions?: ReactNode;
}

export function CaseHeader({ data, holder, actions }: Props) {
  const r = data.row;
  const kind = r.kind === 'business' ? 'business' : 'user';
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
        {actions && (
          <div className="case-actions" data-testid="case-actions">
            {actions}
          </div>
        )}
      </div>
      <p className="case-subject" dir="auto">
        {r.fullName || <span className="muted">No name extracted</span>}
      </p>
      <dl className="fields fields-inline">
        <div>
          <dt>Vendor data</dt>
          <dd className="mono" dir="auto">
            {r.vendorData ? <Link to={entityPagePath(kind, r.vendorData)}>{r.vendorData}</Link> : '—'}
          </dd>
        </div>
        {r.vendorData && (
          <div>
            <dt>{kind === 'business' ? 'Business status' : 'Person status'}</dt>
            <dd>
              <EntityStatus kind={kind} vendorData={r.vendorData} />
            </dd>
          </div>
        )}
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
