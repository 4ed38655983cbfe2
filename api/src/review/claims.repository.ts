import type { Kysely } from 'kysely';
import type { DB } from '../schema.ts';

export interface ClaimRow {
  session_id: string;
  user_id: string;
  user_name: string;
  claimed_at: Date;
  expires_at: Date;
}

/** The claim row whatever its expiry; callers compare `expires_at` with their clock. */
export function findClaim(db: Kysely<DB>, sessionId: string): Promise<ClaimRow | undefined> {
  return db
    .selectFrom('session_claims as c')
    .innerJoin('users as u', 'u.id', 'c.user_id')
    .select(['c.session_id', 'c.user_id', 'u.name as user_name', 'c.claimed_at', 'c.expires_at'])
    .where('c.session_id', '=', sessionId)
    .executeTakeFirst();
}

/** Locks the claim row for the rest of the caller's transaction (a decision checks it and then writes). */
export function findClaimForUpdate(db: Kysely<DB>, sessionId: string) {
  return db
    .selectFrom('session_claims')
    .select(['session_id', 'user_id', 'claimed_at', 'expires_at'])
    .where('session_id', '=', sessionId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Claims a free (absent or expired) case or renews the caller's own claim, in one statement so two reviewers
 * racing for the same case cannot both win. Returns the row, or undefined when someone else holds it.
 * A renewal keeps the original `claimed_at`.
 */
export async function claimOrRenew(
  db: Kysely<DB>,
  input: { sessionId: string; userId: string; now: Date; expiresAt: Date },
): Promise<{ claimed_at: Date; expires_at: Date; renewed: boolean } | undefined> {
  const row = await db
    .insertInto('session_claims')
    .values({
      session_id: input.sessionId,
      user_id: input.userId,
      claimed_at: input.now,
      expires_at: input.expiresAt,
    })
    .onConflict((oc) =>
      oc
        .column('session_id')
        .doUpdateSet((eb) => ({
          user_id: eb.ref('excluded.user_id'),
          claimed_at: eb
            .case()
            .when(
              eb.and([
                eb('session_claims.user_id', '=', input.userId),
                eb('session_claims.expires_at', '>', input.now),
              ]),
            )
            .then(eb.ref('session_claims.claimed_at'))
            .else(eb.ref('excluded.claimed_at'))
            .end(),
          expires_at: eb.ref('excluded.expires_at'),
        }))
        .where((eb) =>
          eb.or([
            eb('session_claims.user_id', '=', input.userId),
            eb('session_claims.expires_at', '<=', input.now),
          ]),
        ),
    )
    .returning(['claimed_at', 'expires_at'])
    .executeTakeFirst();
  if (!row) return undefined;
  return { ...row, renewed: row.claimed_at.getTime() !== input.now.getTime() };
}

/** Deletes the claim if `holderId` (when given) still holds it; returns what was deleted. */
export function deleteClaim(db: Kysely<DB>, sessionId: string, holderId?: string) {
  let q = db.deleteFrom('session_claims').where('session_id', '=', sessionId);
  if (holderId !== undefined) q = q.where('user_id', '=', holderId);
  return q.returning(['session_id', 'user_id', 'claimed_at', 'expires_at']).executeTakeFirst();
}

/** Moves the expiry of `userId`'s live claim on the case; a lapsed or someone else's claim is left alone. */
export async function extendClaim(
  db: Kysely<DB>,
  input: { sessionId: string; userId: string; now: Date; expiresAt: Date },
): Promise<boolean> {
  const res = await db
    .updateTable('session_claims')
    .set({ expires_at: input.expiresAt })
    .where('session_id', '=', input.sessionId)
    .where('user_id', '=', input.userId)
    .where('expires_at', '>', input.now)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}
