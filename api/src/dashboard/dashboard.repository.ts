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

/** Open sessions by status and kind: an index-only scan of the open-status partial index. */
export function openByStatusQuery(db: Kysely<DB>) {
  return (
    db
      .selectFrom('sessions')
      .select(['status_key', 'session_kind', (eb) => eb.fn.countAll<string>().as('n')])
      // Literals, not parameters: only a constant list lets the planner match the partial index's predicate.
      .where(sql<boolean>`status_key in (${sql.join(OPEN_STATUS_KEYS.map((k) => sql.lit(k)))})`)
      .groupBy(['status_key', 'session_kind'])
  );
}

export function countOpenByStatus(db: Kysely<DB>) {
  return openByStatusQuery(db).execute();
}

/**
 * In Review cases by age against the SLA, age measured from the case's creation (`sort_at`, the queue's
 * order): younger than half the SLA, younger than the SLA, or at least the SLA old (breached).
 */
export async function countInReviewAges(db: Kysely<DB>, input: { now: Date; slaMs: number }) {
  const half = new Date(input.now.getTime() - input.slaMs / 2);
  const sla = new Date(input.now.getTime() - input.slaMs);
  const row = await db
    .selectFrom('sessions')
    .select((eb) => [
      eb.fn.countAll<string>().filterWhere('sort_at', '>', half).as('under_half'),
      eb.fn
        .countAll<string>()
        .filterWhere((w) => w.and([w('sort_at', '<=', half), w('sort_at', '>', sla)]))
        .as('under_sla'),
      eb.fn.countAll<string>().filterWhere('sort_at', '<=', sla).as('breached'),
      eb.fn.min('sort_at').as('oldest'),
    ])
    .where(sql<boolean>`status_key = ${sql.lit('IN_REVIEW')}`)
    .executeTakeFirstOrThrow();
  return {
    underHalf: Number(row.under_half),
    underSla: Number(row.under_sla),
    breached: Number(row.breached),
    oldest: row.oldest ? new Date(row.oldest as Date | string) : null,
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
