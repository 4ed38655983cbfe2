import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { hashPassword, verifyPassword } from '../platform/password.ts';
import type { DB } from '../schema.ts';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-accounts.ts';
import { countUsers, findUserByEmail, insertUser } from './users.repository.ts';

const SYSTEM = { id: null, label: 'system' };

/** Which start-up accounts the composition root allows (never "am I a sandbox"). */
export interface InitialUsersCapabilities {
  /** Create the demo accounts (published password). */
  demoAccounts: boolean;
  /** Demo accounts were withheld on purpose: say how to get them instead of pointing at `user:create`. */
  explainWithheldDemoAccounts: boolean;
  /** Stop start-up while an enabled account still has the published demo password (a real key is set). */
  refuseDemoPasswords: boolean;
}

/**
 * At start-up: the first admin from ADMIN_EMAIL/ADMIN_PASSWORD when no account exists; the demo accounts
 * when the `demoAccounts` capability allows them (sandbox mode on the embedded database, or
 * DEMO_ACCOUNTS=1). With neither, nothing is created and no password is generated: `GET /api/auth/config`
 * tells the login page to point at `pnpm user:create`.
 */
export async function ensureInitialUsers(
  db: Kysely<DB>,
  admin: { adminEmail?: string | undefined; adminPassword?: string | undefined },
  can: InitialUsersCapabilities,
  logger: Logger,
  clock: Clock,
) {
  const empty = (await countUsers(db)) === 0;
  const { adminEmail, adminPassword } = admin;
  if (empty && adminEmail && adminPassword) {
    await createIfMissing(
      db,
      clock,
      adminEmail,
      'Administrator',
      ['admin'],
      adminPassword,
      'user.bootstrap_admin',
    );
    logger.info('first admin created from ADMIN_EMAIL');
  }
  if (can.demoAccounts) {
    let created = 0;
    for (const a of DEMO_ACCOUNTS) {
      if (
        await createIfMissing(db, clock, a.email, a.name, [...a.roles], DEMO_PASSWORD, 'user.sandbox_demo')
      ) {
        created++;
      }
    }
    if (created) logger.info({ accounts: created }, 'sandbox demo accounts created');
  } else if (can.explainWithheldDemoAccounts && empty) {
    logger.warn(
      'sandbox mode on an external database: no demo accounts were created (set DEMO_ACCOUNTS=1 to create them)',
    );
  } else if (empty && !adminEmail) {
    logger.warn('no account exists yet: create the first admin with `pnpm user:create --roles admin`');
  }
  if (can.refuseDemoPasswords) await assertNoDemoPasswords(db);
}

async function createIfMissing(
  db: Kysely<DB>,
  clock: Clock,
  email: string,
  name: string,
  roles: ('admin' | 'reviewer' | 'partner_manager' | 'auditor')[],
  password: string,
  action: string,
): Promise<boolean> {
  if (await findUserByEmail(db, email)) return false;
  const passwordHash = await hashPassword(password);
  const now = clock.now();
  try {
    await db.transaction().execute(async (trx) => {
      const user = await insertUser(trx, { email, name, roles, passwordHash, now });
      await appendAudit(trx, {
        actor: SYSTEM,
        at: now,
        action,
        subjectType: 'user',
        subjectId: user.id,
        after: { email, name, roles },
      });
    });
  } catch (err) {
    // Another instance starting at the same moment created it first.
    if (err instanceof AppError && err.code === 'CONFLICT') return false;
    throw err;
  }
  return true;
}

/**
 * With a real Didit key, an enabled account that still opens with the published demo password is a door
 * anyone can walk through (a sandbox start against this database created it): refuse to start. Every
 * local password is checked, not only the demo addresses, since an account may have been renamed.
 */
export async function assertNoDemoPasswords(db: Kysely<DB>): Promise<void> {
  const rows = await db
    .selectFrom('users')
    .select(['email', 'password_hash'])
    .where('disabled', '=', false)
    .where('password_hash', 'is not', null)
    .execute();
  const open: string[] = [];
  for (const r of rows) if (await verifyPassword(r.password_hash, DEMO_PASSWORD)) open.push(r.email);
  if (open.length > 0) {
    throw new DemoPasswordError(open);
  }
}

export class DemoPasswordError extends Error {
  constructor(readonly emails: string[]) {
    super(
      `refusing to start with DIDIT_API_KEY set: ${emails.length} enabled account(s) still have the published demo password (${emails.join(', ')}); disable them (e.g. UPDATE users SET disabled = true WHERE email IN (…)) or give them a new password`,
    );
    this.name = 'DemoPasswordError';
  }
}
