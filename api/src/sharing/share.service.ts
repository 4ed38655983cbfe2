import { isDiditError } from '@console/didit/errors';
import type { AuditContext } from '../audit/audit.context.ts';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { findLocalSession, type LocalSession } from './local-sessions.repository.ts';
import { findPartnerByApplicationId, getPartnerOrThrow, type PartnerRow } from './partners.repository.ts';
import { claimsExpiry, isShareable, readMintedToken } from './share-token.ts';
import { insertShare, type ShareRow } from './shares.repository.ts';
import type { SharingDeps } from './sharing.deps.ts';

export interface ShareTarget {
  for_application_id?: string | undefined;
  partner_id?: string | undefined;
}

export interface ResolvedTarget {
  forApplicationId: string;
  partner: PartnerRow | undefined;
}

/** A partner id or a raw application id; a raw id that belongs to a partner is recorded as that partner. */
export async function resolveTarget(deps: SharingDeps, target: ShareTarget): Promise<ResolvedTarget> {
  const { db } = deps.database;
  let resolved: ResolvedTarget;
  if (target.partner_id !== undefined) {
    const partner = await getPartnerOrThrow(db, target.partner_id);
    if (
      target.for_application_id !== undefined &&
      target.for_application_id.toLowerCase() !== partner.application_id
    ) {
      throw new AppError(
        'VALIDATION',
        `for_application_id: does not match the application of partner "${partner.name}"`,
      );
    }
    resolved = { forApplicationId: partner.application_id, partner };
  } else if (target.for_application_id !== undefined) {
    const forApplicationId = target.for_application_id.toLowerCase();
    resolved = { forApplicationId, partner: await findPartnerByApplicationId(db, forApplicationId) };
  } else {
    throw new AppError(
      'VALIDATION',
      'for_application_id: choose a partner or enter the application id to share with',
    );
  }
  if (resolved.forApplicationId === deps.ownApplicationId()?.toLowerCase()) {
    throw new AppError(
      'SHARE_TO_OWN_APPLICATION',
      "That is this console's own Didit application: a token is minted for the partner's application, which will import it.",
    );
  }
  return resolved;
}

/** What Didit refuses to share (docs/didit.md §2.8): checked here so the user hears why without a round trip. */
function refuseUnshareable(session: LocalSession | undefined, sessionId: string): LocalSession {
  if (!session) {
    throw new AppError(
      'NOT_FOUND',
      `Session ${sessionId} is not in this console (refresh it from Didit first)`,
    );
  }
  if (!session.status || !isShareable(session.status)) {
    throw new AppError(
      'SESSION_NOT_SHAREABLE',
      `Only finished sessions (Approved, Declined or In Review) can be shared; this one is ${session.status ?? 'without a status yet'}.`,
      { status: session.status },
    );
  }
  return session;
}

export interface Minted {
  share_token: string;
  for_application_id: string;
  session_kind: 'user' | 'business';
  expires_at: Date;
  share: ShareRow;
  partner: { id: string; name: string } | null;
}

/**
 * Asks Didit for a token and records it in the ledger: fingerprint and claims, never the token. The Didit
 * call happens outside any transaction; if recording fails afterwards the token is not handed out (the
 * caller sees the error), and the fingerprint is logged so the orphan can be traced.
 */
export async function mintShare(
  deps: SharingDeps,
  ctx: AuditContext,
  session: LocalSession,
  target: ResolvedTarget,
  ttlSeconds: number,
  batchId: string | null = null,
): Promise<Minted> {
  let res: Awaited<ReturnType<ReturnType<SharingDeps['didit']>['shareSession']>>;
  try {
    res = await deps.didit().shareSession(session.session_id, {
      for_application_id: target.forApplicationId,
      ttl_in_seconds: ttlSeconds,
    });
  } catch (e) {
    if (isDiditError(e)) {
      if (e.kind === 'not_found') {
        throw new AppError('NOT_FOUND', 'Didit does not know this session or the partner application id', {
          didit_status: e.status ?? null,
        });
      }
      throw toAppError(e);
    }
    throw e;
  }
  const createdAt = deps.clock.now();
  const { fingerprint, claims } = readMintedToken(res.share_token);
  const expiresAt = claimsExpiry(claims) ?? new Date(createdAt.getTime() + ttlSeconds * 1000);
  const sessionKind = res.session_kind ?? claims?.session_kind ?? session.session_kind;
  try {
    const share = await deps.database.db.transaction().execute(async (trx) => {
      const row = await insertShare(trx, {
        token_sha256: fingerprint,
        session_id: session.session_id,
        session_kind: sessionKind,
        for_application_id: target.forApplicationId,
        from_application_id: claims?.from_application_id ?? deps.ownApplicationId() ?? null,
        partner_id: target.partner?.id ?? null,
        batch_id: batchId,
        ttl_seconds: ttlSeconds,
        expires_at: expiresAt,
        claims,
        created_by: ctx.actor.id,
        created_at: createdAt,
      });
      await appendAudit(trx, {
        ...ctx,
        at: createdAt,
        action: 'session.share',
        subjectType: 'share',
        subjectId: row.id,
        sessionId: session.session_id,
        details: {
          token_sha256: fingerprint,
          for_application_id: target.forApplicationId,
          partner_id: target.partner?.id ?? null,
          partner_name: target.partner?.name ?? null,
          ttl_seconds: ttlSeconds,
          expires_at: expiresAt.toISOString(),
          batch_id: batchId,
        },
      });
      return row;
    });
    return {
      share_token: res.share_token,
      for_application_id: res.for_application_id ?? target.forApplicationId,
      session_kind: sessionKind,
      expires_at: expiresAt,
      share,
      partner: target.partner ? { id: target.partner.id, name: target.partner.name } : null,
    };
  } catch (e) {
    deps.logger.error(
      {
        err: e instanceof Error ? e.message : String(e),
        token_sha256: fingerprint,
        session_id: session.session_id,
      },
      'a share token was minted but could not be recorded; it is not handed out',
    );
    throw e;
  }
}

/** POST /api/sessions/:id/share */
export async function shareOne(
  deps: SharingDeps,
  ctx: AuditContext,
  sessionId: string,
  input: ShareTarget & { ttl_in_seconds: number },
): Promise<Minted> {
  const target = await resolveTarget(deps, input);
  const session = refuseUnshareable(await findLocalSession(deps.database.db, sessionId), sessionId);
  return mintShare(deps, ctx, session, target, input.ttl_in_seconds);
}
