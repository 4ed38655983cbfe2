import { isDiditError } from '@console/didit/errors';
import type { Decision, ImportSharedResponse } from '@console/didit/types';
import type { AuditContext } from '../audit/audit.context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import type { Role } from '../platform/config.ts';
import { AppError } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { checkToken, workflowsFor } from './import-preview.service.ts';
import {
  findImportByFingerprint,
  findImportBySession,
  insertImport,
  type RelianceRow,
} from './imports.repository.ts';
import { findLocalSession, type LocalSession } from './local-sessions.repository.ts';
import type { SharingDeps } from './sharing.deps.ts';

export interface ImportInput {
  share_token: string;
  workflow_id: string;
  vendor_data?: string | undefined;
  /** Unset: the partner's default, else false (Didit's advice for a new relationship). */
  trust_review?: boolean | undefined;
}

/** Roles whose holder may rely on a partner's review beyond the partner's terms (`default_trust_review`). */
const TRUST_OVERRIDE_ROLES = ['reviewer', 'admin'] as const satisfies readonly Role[];

/**
 * Whether Didit keeps the partner's review (`trust_review`). The partner's terms govern: its
 * `default_trust_review` applies unless the request says otherwise. Asking for less trust is always allowed;
 * asking for more than the terms give lands the session as the partner decided it with no review of ours,
 * so only a reviewer (or admin) may, and the audit entry says it overrode the terms.
 */
function resolveTrustReview(
  requested: boolean | undefined,
  partnerDefault: boolean,
  roles: readonly Role[],
): { trustReview: boolean; override: boolean } {
  if (requested === undefined || requested === partnerDefault || !requested) {
    return { trustReview: requested ?? partnerDefault, override: false };
  }
  if (!roles.some((r) => (TRUST_OVERRIDE_ROLES as readonly Role[]).includes(r))) {
    throw new AppError(
      'FORBIDDEN',
      "This partner's terms do not let an import keep its review; only a reviewer may trust it beyond them.",
      { partner_default_trust_review: partnerDefault },
    );
  }
  return { trustReview: true, override: true };
}

export interface Imported {
  session: LocalSession;
  import: RelianceRow;
}

const earlierImportDetails = (row: RelianceRow) => ({
  earlier_import: {
    import_id: row.id,
    session_id: row.session_id,
    imported_at: row.imported_at.toISOString(),
    imported_by: row.imported_by_name ?? row.imported_by_email ?? null,
  },
});

function alreadyImported(row: RelianceRow): AppError {
  return new AppError(
    'SHARE_TOKEN_NOT_FOR_US_OR_USED',
    `This token was already imported on ${row.imported_at.toISOString().slice(0, 16).replace('T', ' ')} UTC as session ${row.session_id}. Didit imports a token once; open that case instead.`,
    earlierImportDetails(row),
  );
}

/**
 * POST /api/imports. Local checks first (token shape, expiry, audience, workflow, an import we already
 * made), then Didit's import-shared, then the new session's decision fetched and applied as an `import`
 * event (the import response comes in two shapes; the decision is the canonical one), then the reliance
 * ledger row and the audit entry. No transaction spans a Didit call.
 */
export async function importShared(
  deps: SharingDeps,
  ctx: AuditContext,
  input: ImportInput,
  roles: readonly Role[],
): Promise<Imported> {
  const { decoded, partner, earlierImport } = await checkToken(deps, input.share_token);
  if (earlierImport) throw alreadyImported(earlierImport);
  const { claims } = decoded;

  const known = deps.importWorkflows();
  if (known.length > 0) {
    const workflow = known.find((w) => w.workflow_id.toLowerCase() === input.workflow_id.toLowerCase());
    if (!workflow) {
      throw new AppError(
        'IMPORT_WORKFLOW_NOT_FOUND',
        `Workflow ${input.workflow_id} is not one this console imports into; choose one of: ${known.map((w) => w.label).join(', ')}.`,
      );
    }
    if (!workflowsFor(deps, claims.session_kind).includes(workflow)) {
      throw new AppError(
        'IMPORT_WORKFLOW_NOT_FOUND',
        `This token carries a ${claims.session_kind === 'business' ? 'business (KYB)' : 'person (KYC)'} verification; "${workflow.label}" is a ${workflow.session_kind === 'business' ? 'KYB' : 'KYC'} workflow. Choose a workflow of the same kind.`,
      );
    }
  }
  const partnerDefault = partner?.default_trust_review ?? false;
  const { trustReview, override } = resolveTrustReview(input.trust_review, partnerDefault, roles);
  const who = partner?.name ?? 'the partner';

  let res: ImportSharedResponse;
  try {
    res = await deps.didit().importShared({
      share_token: decoded.token,
      trust_review: trustReview,
      workflow_id: input.workflow_id,
      ...(input.vendor_data ? { vendor_data: input.vendor_data } : {}),
    });
  } catch (e) {
    if (!isDiditError(e)) throw e;
    const details = { didit_status: e.status ?? null };
    if (e.kind === 'invalid_share_token') {
      throw new AppError(
        'SHARE_TOKEN_INVALID',
        `Didit did not accept this token: it is not genuine or it has expired. Ask ${who} for a new token.`,
        details,
      );
    }
    if (e.kind === 'forbidden') {
      const earlier = await findImportByFingerprint(deps.database.db, decoded.fingerprint);
      throw new AppError(
        'SHARE_TOKEN_NOT_FOR_US_OR_USED',
        earlier
          ? `This token was already imported as session ${earlier.session_id}; open that case instead.`
          : `Didit refused this token: it was minted for another application, or it was already imported into ours (perhaps outside this console). Ask ${who} to mint a new token for our application id${deps.ownApplicationId() ? ` ${deps.ownApplicationId()}` : ''}.`,
        earlier ? { ...details, ...earlierImportDetails(earlier) } : details,
      );
    }
    if (e.kind === 'not_found') {
      // Didit's 404 is DRF's documented `{"detail": "Not found."}` whichever it means (the source session is
      // gone, or the workflow is not ours: https://docs.didit.me/sessions-api/share-session/import), so the
      // answer names both; a console that knows its workflows (DIDIT_IMPORT_WORKFLOWS) refused a foreign one
      // above, before calling.
      throw new AppError(
        'SHARE_SOURCE_GONE',
        `Didit could not find what this token points to: ${who} deleted the original session, or workflow ${input.workflow_id} no longer exists in our application. Check the workflow; otherwise ask ${who} to verify the customer again and share the new session.`,
        details,
      );
    }
    throw toAppError(e);
  }

  const importedAt = deps.clock.now();
  // The import response comes in two documented shapes; the decision endpoint is canonical. If it cannot be
  // fetched now, the import's own body is applied and the sync (webhook, reconciliation) completes it.
  let decision: Decision | Record<string, unknown>;
  try {
    decision = await deps.didit().getDecision(res.session_id);
  } catch (e) {
    deps.logger.warn(
      { session_id: res.session_id, err: e instanceof Error ? e.message : String(e) },
      'imported session: decision fetch failed, applying the import response',
    );
    decision = { ...res.body, session_id: res.session_id, status: res.status };
  }
  const sharedFrom =
    (typeof decision.shared_from_session === 'string' ? decision.shared_from_session : null) ??
    res.shared_from_session ??
    claims.session_id;
  const sessionKind =
    decision.session_kind === 'business' || decision.session_kind === 'user'
      ? decision.session_kind
      : (res.session_kind ?? claims.session_kind);
  const folded = { ...decision, shared_from_session: sharedFrom, session_kind: sessionKind };
  const db = deps.database.db;
  await applyEvent(
    db,
    eventFromDecision({
      source: 'import',
      sessionId: res.session_id,
      decision: folded,
      fetchedAt: importedAt,
      eventKey: `import:${res.session_id}:${importedAt.getTime()}`,
    }),
    importedAt,
  );

  const landedStatus = res.status;
  const row = await db.transaction().execute(async (trx) => {
    const inserted = await insertImport(trx, {
      token_sha256: decoded.fingerprint,
      session_id: res.session_id,
      session_kind: sessionKind,
      source_session_id: sharedFrom,
      source_application_id: claims.from_application_id ?? null,
      for_application_id: claims.for_application_id ?? null,
      partner_id: partner?.id ?? null,
      trust_review: trustReview,
      workflow_id: input.workflow_id,
      // With trust_review Didit keeps the partner's status: that is the partner's decision we rely on.
      source_status: trustReview ? landedStatus : null,
      landed_status: landedStatus,
      claims,
      imported_by: ctx.actor.id,
      imported_at: importedAt,
    });
    await appendAudit(trx, {
      ...ctx,
      at: importedAt,
      action: 'session.import',
      subjectType: 'import',
      subjectId: inserted.id,
      sessionId: res.session_id,
      details: {
        token_sha256: decoded.fingerprint,
        partner_id: partner?.id ?? null,
        partner_name: partner?.name ?? null,
        source_application_id: claims.from_application_id ?? null,
        source_session_id: sharedFrom,
        trust_review: trustReview,
        partner_default_trust_review: partnerDefault,
        trust_beyond_terms: override,
        workflow_id: input.workflow_id,
        landed_status: landedStatus,
      },
    });
    return inserted;
  });
  const [session, ledger] = await Promise.all([
    findLocalSession(db, res.session_id),
    findImportBySession(db, row.session_id),
  ]);
  if (!session || !ledger) throw new AppError('INTERNAL', 'The imported session was not stored');
  return { session, import: ledger };
}
