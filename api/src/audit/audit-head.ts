import { type Kysely, sql } from 'kysely';
import { Gauge } from 'prom-client';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics/metrics.ts';
import type { DB } from '../schema.ts';

export interface AuditHead {
  seq: number;
  hash: string;
}

export async function readAuditHead(db: Kysely<DB>): Promise<AuditHead | undefined> {
  const row = await db
    .selectFrom('audit_log')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? { seq: Number(row.seq), hash: row.hash } : undefined;
}

const AUDIT_HEAD_METRIC = 'console_audit_head_seq';

/**
 * The hash chain proves nothing about entries cut off its end: whoever can delete the last rows leaves a
 * shorter chain that still verifies. So the head (seq and hash) is published where the database cannot
 * reach — a log line at start and whenever it moved (checked every `intervalMs`), and a metric read at each
 * scrape — and `pnpm audit:verify --expect-head <seq>:<hash>` checks an export against a head kept from it.
 */
export function publishAuditHead(deps: {
  db: Kysely<DB>;
  logger: Logger;
  metrics: Metrics;
  intervalMs?: number;
}) {
  new Gauge({
    name: AUDIT_HEAD_METRIC,
    help: 'The audit log head: its seq, labelled with its hash (keep it: a cut-off tail shows as a lower seq)',
    labelNames: ['hash'],
    registers: [deps.metrics.registry],
    async collect() {
      const head = await readAuditHead(deps.db).catch(() => undefined);
      this.reset();
      if (head) this.set({ hash: head.hash }, head.seq);
    },
  });
  let last: AuditHead | undefined;
  const check = async () => {
    const head = await readAuditHead(deps.db);
    if (head && last && head.seq === last.seq && head.hash === last.hash) return;
    if (!head && !last) return;
    last = head;
    deps.logger.info({ audit_head: head ?? null }, 'audit head');
  };
  const timer = setInterval(() => {
    check().catch((err: unknown) =>
      deps.logger.warn({ err: { message: (err as Error).message } }, 'audit head not read'),
    );
  }, deps.intervalMs ?? 60_000);
  timer.unref();
  return {
    /** Logs the head now (start-up), whatever it is. */
    async logNow() {
      last = await readAuditHead(deps.db);
      deps.logger.info({ audit_head: last ?? null }, 'audit head');
    },
    check,
    stop() {
      clearInterval(timer);
      deps.metrics.registry.removeSingleMetric(AUDIT_HEAD_METRIC);
    },
  };
}

/**
 * Whoever owns a table can change or drop it whatever the grants say; the runtime role should only insert
 * and read the audit log (see docs/security.md). Returns whether the warning was given.
 */
export async function warnIfOwnsAuditTable(db: Kysely<DB>, logger: Logger): Promise<boolean> {
  const { rows } = await sql<{ owns: boolean }>`
    select pg_has_role(current_user, tableowner, 'USAGE') as owns
      from pg_tables where schemaname = current_schema() and tablename = 'audit_log'`.execute(db);
  if (!rows[0]?.owns) return false;
  logger.warn(
    { table: 'audit_log' },
    'the runtime database role owns the audit log and could rewrite or truncate it; run with a role that may only insert and read it (DATABASE_MIGRATION_URL for the owner), and keep the published audit head',
  );
  return true;
}
