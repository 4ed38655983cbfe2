import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { StatusBadge } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useResource } from '../../lib/use-resource.ts';
import { type EntityKind, entityPagePath, fetchEntity } from '../entity/entity.api.ts';

/**
 * The person's or business's Didit entity status (ACTIVE, FLAGGED, BLOCKED; kept in `entities` by
 * vendor_data), with a link to their profile: a reviewer sees a blocked person before deciding.
 */
export function EntityStatus({ kind, vendorData }: { kind: EntityKind; vendorData: string }) {
  const t = useT();
  const res = useResource(`entity:${kind}:${vendorData}`, (s) => fetchEntity(kind, vendorData, s));
  const missing = res.error instanceof ApiError && res.error.status === 404;
  const status = res.data?.status ?? null;
  return (
    <span className="entity-status" data-testid="case-entity-status" data-status={status ?? undefined}>
      {res.data ? (
        status ? (
          <StatusBadge status={status} />
        ) : (
          <span className="muted">{t('case.entity.no_status')}</span>
        )
      ) : missing ? (
        <span className="muted">{t('case.entity.unknown')}</span>
      ) : res.error ? (
        <span className="muted">{t('case.entity.unavailable')}</span>
      ) : (
        <span className="muted">…</span>
      )}{' '}
      <Link to={entityPagePath(kind, vendorData)} className="small">
        {t('case.entity.profile', { kind })}
      </Link>
    </span>
  );
}
