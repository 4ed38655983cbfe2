import type { AuditContext } from '../audit/audit.context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError, notFound } from '../platform/errors.ts';
import {
  findPartnerForUpdate,
  insertPartner,
  listPartnersWithCounts,
  type PartnerChanges,
  type PartnerRow,
  type PartnerWithCounts,
  updatePartner,
} from './partners.repository.ts';
import type { SharingDeps } from './sharing.deps.ts';

export interface PartnerInput {
  name: string;
  application_id: string;
  contact?: string | null | undefined;
  default_trust_review?: boolean | undefined;
  notes?: string | undefined;
}

const auditView = (p: PartnerRow) => ({
  name: p.name,
  application_id: p.application_id,
  contact: p.contact,
  default_trust_review: p.default_trust_review,
  notes: p.notes,
});

function refuseOwnApplication(deps: SharingDeps, applicationId: string) {
  if (applicationId.toLowerCase() === deps.ownApplicationId()?.toLowerCase()) {
    throw new AppError(
      'SHARE_TO_OWN_APPLICATION',
      "That is this console's own Didit application id. Enter the partner's application id (they find it in their Didit console under Settings → Application).",
    );
  }
}

/** Unique violations become a CONFLICT that names the field, so the form can point at it. */
function conflictFrom(e: unknown): never {
  const err = e as { code?: string; constraint?: string };
  if (err?.code === '23505') {
    if (err.constraint === 'partners_application_id_key') {
      throw new AppError('CONFLICT', 'A partner with this Didit application id already exists', {
        field: 'application_id',
      });
    }
    if (err.constraint === 'partners_name_lower_key') {
      throw new AppError('CONFLICT', 'A partner with this name already exists', { field: 'name' });
    }
  }
  throw e;
}

export async function listPartners(deps: SharingDeps): Promise<PartnerWithCounts[]> {
  return listPartnersWithCounts(deps.database.db);
}

export async function createPartner(
  deps: SharingDeps,
  ctx: AuditContext,
  input: PartnerInput,
): Promise<PartnerWithCounts> {
  refuseOwnApplication(deps, input.application_id);
  const at = deps.clock.now();
  const row = await deps.database.db
    .transaction()
    .execute(async (trx) => {
      const p = await insertPartner(trx, {
        name: input.name,
        application_id: input.application_id.toLowerCase(),
        contact: input.contact ?? null,
        default_trust_review: input.default_trust_review ?? false,
        notes: input.notes ?? '',
        created_by: ctx.actor.id,
        at,
      });
      await appendAudit(trx, {
        ...ctx,
        at,
        action: 'partner.create',
        subjectType: 'partner',
        subjectId: p.id,
        after: auditView(p),
      });
      return p;
    })
    .catch(conflictFrom);
  return { ...row, shares: 0, imports: 0 };
}

export async function editPartner(
  deps: SharingDeps,
  ctx: AuditContext,
  id: string,
  changes: PartnerChanges,
): Promise<PartnerWithCounts> {
  if (changes.application_id !== undefined) {
    refuseOwnApplication(deps, changes.application_id);
    changes = { ...changes, application_id: changes.application_id.toLowerCase() };
  }
  const at = deps.clock.now();
  const updated = await deps.database.db
    .transaction()
    .execute(async (trx) => {
      const before = await findPartnerForUpdate(trx, id);
      if (!before) throw notFound('Partner');
      const after = await updatePartner(trx, id, changes, at);
      if (!after) throw notFound('Partner');
      await appendAudit(trx, {
        ...ctx,
        at,
        action: 'partner.update',
        subjectType: 'partner',
        subjectId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    })
    .catch(conflictFrom);
  const [withCounts] = await listPartnersWithCounts(deps.database.db, [updated.id]);
  return withCounts ?? { ...updated, shares: 0, imports: 0 };
}
