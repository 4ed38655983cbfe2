import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import { AppError } from '../platform/errors.ts';
import type { DB } from '../schema.ts';
import { getCaseOrThrow } from './case.repository.ts';
import {
  claimOrRenew,
  deleteClaim,
  extendClaim,
  findClaim,
  findClaimForUpdate,
} from './claims.repository.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

export interface ClaimView {
  session_id: string;
  holder: { id: string; name: string };
  claimed_at: string;
  expires_at: string;
}

/** The live claim on a case, or null when nobody holds it (an expired claim is free). */
export async function liveClaim(db: Kysely<DB>, sessionId: string, now: Date): Promise<ClaimView | null> {
  const row = await findClaim(db, sessionId);
  if (!row || row.expires_at <= now) return null;
  return {
    session_id: row.session_id,
    holder: { id: row.user_id, name: row.user_name },
    claimed_at: row.claimed_at.toISOString(),
    expires_at: row.expires_at.toISOString(),
  };
}

function claimedByOther(claim: ClaimView): AppError {
  return new AppError('CLAIMED_BY_OTHER', `${claim.holder.name} is reviewing this case`, {
    holder: claim.holder,
    expires_at: claim.expires_at,
  });
}

/** Claims a free case, or renews the caller's own claim for another TTL. */
export async function claimCase(deps: ReviewDeps, actor: Actor, sessionId: string): Promise<ClaimView> {
  await getCaseOrThrow(deps.db, sessionId);
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + deps.claimIdleMs);
  const result = await deps.db.transaction().execute(async (trx) => {
    const row = await claimOrRenew(trx, { sessionId, userId: actor.id, now, expiresAt });
    if (!row) return undefined;
    // Renewals (the open case view keeps its claim alive) would flood the log; taking a case is what counts.
    if (!row.renewed) {
      await appendAudit(trx, {
        ...actor.audit,
        at: now,
        action: 'review.claim',
        subjectType: 'session',
        subjectId: sessionId,
        sessionId,
        after: { holder_id: actor.id, expires_at: row.expires_at.toISOString() },
      });
    }
    return row;
  });
  if (!result) {
    const holder = await liveClaim(deps.db, sessionId, now);
    // The holder's claim may have just been released: report it as a conflict anyway; a retry will win.
    throw holder
      ? claimedByOther(holder)
      : new AppError('CONFLICT', 'The claim changed while you were taking it; try again');
  }
  return {
    session_id: sessionId,
    holder: { id: actor.id, name: actor.name },
    claimed_at: result.claimed_at.toISOString(),
    expires_at: result.expires_at.toISOString(),
  };
}

/** The holder releases the case; an admin may break someone else's claim (audited as such). */
export async function releaseCase(deps: ReviewDeps, actor: Actor, sessionId: string): Promise<void> {
  const now = deps.clock.now();
  const claim = await liveClaim(deps.db, sessionId, now);
  if (!claim) return; // nothing live to release: idempotent
  const own = claim.holder.id === actor.id;
  if (!own && !actor.roles.includes('admin')) throw claimedByOther(claim);
  await deps.db.transaction().execute(async (trx) => {
    const deleted = await deleteClaim(trx, sessionId, claim.holder.id);
    if (!deleted) return;
    await appendAudit(trx, {
      ...actor.audit,
      at: now,
      action: own ? 'review.release' : 'review.claim_break',
      subjectType: 'session',
      subjectId: sessionId,
      sessionId,
      before: { holder_id: claim.holder.id, expires_at: claim.expires_at },
      after: null,
    });
  });
}

/**
 * Inside a decision's transaction: the caller must hold a live claim. Locks the claim row so a release or
 * takeover cannot slip between this check and the decision's insert.
 */
export async function assertHoldsClaim(
  db: Kysely<DB>,
  sessionId: string,
  userId: string,
  now: Date,
): Promise<void> {
  const row = await findClaimForUpdate(db, sessionId);
  if (row && row.expires_at > now && row.user_id === userId) return;
  if (row && row.expires_at > now) {
    const holder = await liveClaim(db, sessionId, now);
    if (holder) throw claimedByOther(holder);
  }
  throw new AppError('CLAIM_REQUIRED', 'Claim the case before deciding it');
}

/** Refuses when someone other than `allowed` holds a live claim (work on a case someone else is reviewing). */
export async function assertNotClaimedByOther(
  db: Kysely<DB>,
  sessionId: string,
  allowed: readonly string[],
  now: Date,
): Promise<void> {
  const claim = await liveClaim(db, sessionId, now);
  if (claim && !allowed.includes(claim.holder.id)) throw claimedByOther(claim);
}

/**
 * The holder acted on the case (a note, an AML disposition, a decision): their live claim runs for another
 * idle period from now. Nothing happens for anyone else, or for a claim that already lapsed.
 */
export function touchClaimOf(
  deps: Pick<ReviewDeps, 'claimIdleMs'>,
  db: Kysely<DB>,
  sessionId: string,
  userId: string,
  now: Date,
) {
  return extendClaim(db, { sessionId, userId, now, expiresAt: new Date(now.getTime() + deps.claimIdleMs) });
}

/** After a decision went through, the case is done for this reviewer. */
export function dropClaimOf(db: Kysely<DB>, sessionId: string, userId: string) {
  return deleteClaim(db, sessionId, userId);
}
