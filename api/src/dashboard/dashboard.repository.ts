import { type Kysely, sql } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The unfinished statuses as `status_key` (KYC Title Case and KYB UPPER_SNAKE alike), in lifecycle order.
 * The list must stay the predicate of `sessions_open_status_idx` (migration 2026-12-07T05-00-00-dashboard):
 * the planner uses that partial index only for this exact set.
 */
export const OPEN_STATUS_KEYS = [
  'NOT_STARTED',
  'IN_PROGRESS',
  'AWAITING_USER',
  'RESUBMITTED',
  'IN_REVIEW',
] as const;
export type OpenStatusKey = (typeof OPEN_STATUS_KEYS)[number];

/**
 * Open sessions by status and kind: the sums of the count deltas the triggers on `sessions` append
 * (session_status_counts, a row per pair after each rollup plus the changes since), exact in the caller's
 * snapshot. Counting sessions_open_status_idx instead read every open session (280,000 in the bench seed).
 */
export function openByStatusQuery(db: Kysely<DB>) {
  return db
    .selectFrom('session_status_counts')
    .select(['status_key', 'session_kind', (eb) => eb.fn.sum<string>('n').as('n')])
    .where('status_key', 'in', [...OPEN_STATUS_KEYS])
    .groupBy(['status_key', 'session_kind'])
    .having((eb) => eb.fn.sum('n'), '<>', 0);
}

export function countOpenByStatus(db: Kysely<DB>) {
  return openByStatusQuery(db).execute();
}

/**
 * Folds the count deltas into one row per (status_key, session_kind), in one statement: the deltas this
 * snapshot sees are deleted and their sums inserted, so the total never changes, and a delta committed
 * meanwhile (not seen, not deleted) stays for the next rollup. Returns how many delta rows it folded.
 */
export async function rollUpStatusCounts(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ folded: string }>`
    with gone as (delete from session_status_counts returning status_key, session_kind, n),
    sums as (
      insert into session_status_counts (status_key, session_kind, n)
      select status_key, session_kind, sum(n) from gone group by status_key, session_kind having sum(n) <> 0
      returning 1)
    select (select count(*) from gone) as folded`.execute(db);
  return Number(rows[0]?.folded ?? 0);
}

/**
 * A rollup that folded this many deltas (a rebuild, a migration's refold, a backlog) left as many dead rows,
 * and until a vacuum every count reads their pages: 52 MB and 47 ms after a million-session refold, 0.3 ms
 * vacuumed. Below it the dead rows are a few pages and autovacuum's pace is enough.
 */
const VACUUM_AFTER_FOLDED = 10_000;

/**
 * The dashboard job's step: rolls the deltas up, then compacts the table when the rollup left many dead rows.
 * VACUUM needs the table's owner (the role that ran the migrations); a console running as another role
 * leaves it to autovacuum. Returns how many delta rows it folded and whether it vacuumed.
 */
export async function foldStatusCounts(db: Kysely<DB>): Promise<{ folded: number; vacuumed: boolean }> {
  const folded = await rollUpStatusCounts(db);
  if (folded < VACUUM_AFTER_FOLDED) return { folded, vacuumed: false };
  try {
    // The rollup's sums went in after the rows it deleted, at the table's end: the first vacuum frees the
    // pages before them, a second rollup moves the sums there, and the second vacuum cuts the empty end off.
    await sql`vacuum session_status_counts`.execute(db);
    await rollUpStatusCounts(db);
    await sql`vacuum session_status_counts`.execute(db);
    return { folded, vacuumed: true };
  } catch (err) {
    if ((err as { code?: string }).code === '42501') return { folded, vacuumed: false };
    throw err;
  }
}

/**
 * In Review cases younger than the SLA, by age measured from the case's creation (`sort_at`, the queue's
 * order): younger than half the SLA, or younger than the SLA. A range scan of the In Review age index over
 * the last SLA only; the breached ones are the rest of the In Review count (`countOpenByStatus`), so no query
 * walks every In Review case. The oldest is the index's first entry.
 */
export async function countRecentInReview(db: Kysely<DB>, input: { now: Date; slaMs: number }) {
  const half = new Date(input.now.getTime() - input.slaMs / 2);
  const sla = new Date(input.now.getTime() - input.slaMs);
  const inReview = sql<boolean>`status_key = ${sql.lit('IN_REVIEW')}`;
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('sort_at', '>', half).as('under_half'),
      eb.fn.countAll<string>().filterWhere('sort_at', '<=', half).as('under_sla'),
    ])
    .where(inReview)
    .where('sort_at', '>', sla)
    .executeTakeFirstOrThrow();
  const oldest = await db
    .selectFrom('sessions')
    .select('sort_at')
    .where(inReview)
    .orderBy('sort_at')
    .limit(1)
    .executeTakeFirst();
  return {
    underHalf: Number(row.under_half),
    underSla: Number(row.under_sla),
    oldest: oldest ? new Date(oldest.sort_at) : null,
  };
}

/** The first instant of the day `days - 1` days before `now`'s day, and `now`'s day, in time zone `tz`. */
export async function windowStart(db: Kysely<DB>, input: { now: Date; days: number; tz: string }) {
  const { rows } = await sql<{ since: Date; first_day: string; last_day: string }>`
    select (d.today - make_interval(days => ${input.days - 1})) at time zone ${input.tz} as since,
      to_char(d.today - make_interval(days => ${input.days - 1}), 'YYYY-MM-DD') as first_day,
      to_char(d.today, 'YYYY-MM-DD') as last_day
    from (select date_trunc('day', ${input.now}::timestamptz at time zone ${input.tz}) as today) d`.execute(
    db,
  );
  const r = rows[0]!;
  return { since: new Date(r.since), firstDay: r.first_day, lastDay: r.last_day };
}

/** Decisions Didit accepted since `since`, by the day (in `tz`) it accepted them and by outcome. */
export function countDecisionsPerDay(db: Kysely<DB>, input: { since: Date; tz: string }) {
  const day = sql<string>`to_char(answered_at at time zone ${input.tz}, 'YYYY-MM-DD')`;
  return (
    db
      .selectFrom('review_decisions')
      .select([day.as('day'), 'new_status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('state', '=', 'sent')
      .where('answered_at', '>=', input.since)
      // By position: the day expression carries a parameter, and a repeated one would not match the select's.
      .groupBy([sql`1`, 'new_status'])
      .execute()
  );
}

/**
 * Per reviewer since `since`: the decisions they made (by outcome) that Didit accepted, and the four-eyes
 * decisions they confirmed as second reviewer. People by their display name, as the console shows them.
 */
export async function countPerReviewer(db: Kysely<DB>, since: Date) {
  const { rows } = await sql<{ user_id: string; name: string; new_status: string | null; n: string }>`
    select u.id as user_id, u.name, x.new_status, count(*) as n
    from (
      select requested_by as user_id, new_status from review_decisions
      where state = 'sent' and answered_at >= ${since}
      union all
      select confirmed_by, null from review_decisions
      where state = 'sent' and answered_at >= ${since} and confirmed_by is not null
    ) x
    join users u on u.id = x.user_id
    group by u.id, u.name, x.new_status`.execute(db);
  return rows;
}

/** AML hit dispositions made since `since`, by the status they gave; undos counted on their own. */
export function countAmlDispositions(db: Kysely<DB>, since: Date) {
  return db
    .selectFrom('aml_dispositions')
    .select([
      'new_status',
      sql<boolean>`undoes_action is not null`.as('undo'),
      (eb) => eb.fn.countAll<string>().as('n'),
    ])
    .where('created_at', '>=', since)
    .groupBy(['new_status', sql`undoes_action is not null`])
    .execute();
}
