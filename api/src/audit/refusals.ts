import { createMiddleware } from 'hono/factory';
import { type Kysely, sql } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { AppEnv } from '../platform/http/app-env.ts';
import type { Logger } from '../platform/logger.ts';
import type { DB } from '../schema.ts';
import { appendAudit, auditContext } from './audit.service.ts';

const REFUSALS = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'CSRF', 'TOTP_ENROLLMENT_REQUIRED']);

/** Which answers are refusals worth an audit entry. */
function refusalCode(err: unknown, method: string, path: string, hadCookie: boolean): string | undefined {
  if (!(err instanceof AppError)) return undefined;
  // Sign-ins (and SSO starts) refused while locked; Didit's own 429s elsewhere are not refusals of ours.
  if (err.code === 'RATE_LIMITED') return path.startsWith('/api/auth/') ? err.code : undefined;
  if (!REFUSALS.has(err.code)) return undefined;
  // A signed-out browser asking who it is (every page load of the login screen) is not an attempt.
  if (err.code === 'UNAUTHENTICATED' && method === 'GET' && path === '/api/auth/me' && !hadCookie) {
    return undefined;
  }
  return err.code;
}

/**
 * Records refused requests in the audit log, aggregated: one entry per actor, address and code per
 * minute (of the database's clock); the repeats are counted in `access_refusals`. Appending an entry
 * takes the chain's head lock like any other, so the chain stays whole. A failure to record never
 * changes the answer.
 */
export function refusalAudit(deps: { db: Kysely<DB>; clock: Clock; logger: Logger }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    await next();
    const code = refusalCode(c.error, c.req.method, c.req.path, (c.req.header('cookie') ?? '') !== '');
    if (!code) return;
    try {
      await recordRefusal(deps, c, code);
    } catch (err) {
      deps.logger.warn({ err: { message: (err as Error).message }, code }, 'could not record a refusal');
    }
  });
}

async function recordRefusal(
  deps: { db: Kysely<DB>; clock: Clock },
  c: Parameters<Parameters<typeof createMiddleware<AppEnv>>[0]>[0],
  code: string,
): Promise<void> {
  const ctx = auditContext(c);
  const row = await deps.db
    .insertInto('access_refusals')
    .values({
      window_start: sql<Date>`date_trunc('minute', now())`,
      actor_key: ctx.actor.id ?? 'anonymous',
      ip: ctx.ip ?? '',
      code,
      refusals: 1,
    })
    .onConflict((oc) =>
      oc
        .columns(['window_start', 'actor_key', 'ip', 'code'])
        .doUpdateSet({ refusals: sql<number>`access_refusals.refusals + 1` }),
    )
    .returning(['window_start', sql<boolean>`xmax = 0`.as('inserted')])
    .executeTakeFirstOrThrow();
  if (!row.inserted) return;
  await deps.db
    .deleteFrom('access_refusals')
    .where('window_start', '<', sql<Date>`now() - interval '1 day'`)
    .execute();
  await appendAudit(deps.db, {
    ...ctx,
    at: deps.clock.now(),
    action: 'access.refused',
    subjectType: 'route',
    subjectId: `${c.req.method} ${c.req.path.slice(0, 200)}`,
    details: {
      code,
      status: (c.error as AppError).status,
      window_start: row.window_start.toISOString(),
      aggregated: 'first refusal of this actor, address and code in this minute; repeats: access_refusals',
    },
  });
}
