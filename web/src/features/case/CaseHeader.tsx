import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { Detail } from '../../components/Detail.tsx';
import { StatusBadge } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatAge, formatDateTime } from '../../lib/format.ts';
import { entityPagePath } from '../entity/entity.api.ts';
import type { CaseData } from './case.api.ts';
import { EntityStatus } from './EntityStatus.tsx';

interface Props {
  data: CaseData;
  /** Who the case is assigned to, and for reviewers and admins the control to change it. */
  assignment: ReactNode;
  /** Actions on the whole case (report, erasure…), shown at the end of the title row. */
  actions?: ReactNode;
}

export function CaseHeader({ data, assignment, actions }: Props) {
  const r = data.row;
  const kind = r.kind === 'business' ? 'business' : 'user';
  const { meta } = useAuth();
  const t = useT();
  // The workflow by the name the console knows it by (configured import workflows), the id kept as a hint.
  const workflowName = (meta?.import_workflows ?? []).find((w) => w.workflow_id === r.workflowId)?.label;
  return (
    <header className="case-header card">
      <div className="case-title">
        <h1>{t('case.header.title', { kind, number: r.number !== null ? `#${r.number}` : '' })}</h1>
        <StatusBadge status={r.status} />
        {r.imported && <span className="tag tag-info">{t('case.header.imported')}</span>}
        {actions && (
          <div className="case-actions" data-testid="case-actions">
            {actions}
          </div>
        )}
      </div>
      <p className="case-subject" dir="auto">
        {r.fullName || <span className="muted">{t('case.header.no_name')}</span>}
      </p>
      <dl className="fields fields-inline">
        <Detail term={t('case.header.vendor_data')} className="mono" dir="auto">
          {r.vendorData ? <Link to={entityPagePath(kind, r.vendorData)}>{r.vendorData}</Link> : '—'}
        </Detail>
        {r.vendorData && (
          <Detail term={t('case.header.entity_status', { kind })}>
            <EntityStatus kind={kind} vendorData={r.vendorData} />
          </Detail>
        )}
        <Detail term={t('case.header.session_id')} className="mono small">
          {r.id}
        </Detail>
        <Detail
          term={t('case.header.workflow')}
          className={workflowName ? undefined : 'mono small'}
          title={r.workflowId ?? undefined}
        >
          <span dir="auto" data-testid="case-workflow">
            {workflowName ?? r.workflowId ?? '—'}
          </span>
          {r.workflowVersion ? ` · v${r.workflowVersion}` : ''}
        </Detail>
        <Detail term={t('case.header.created')}>{formatDateTime(r.createdAt)}</Detail>
        <Detail term={t('case.header.updated')}>{formatDateTime(r.updatedAt)}</Detail>
        <Detail term={t('case.header.age')}>{formatAge(r.createdAt)}</Detail>
        <Detail term={t('case.header.assignee')}>{assignment}</Detail>
      </dl>
    </header>
  );
}
