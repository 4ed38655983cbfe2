import { AML_REVIEW_STATUSES } from '@console/didit/types';
import type { Kysely } from 'kysely';
import { AppError } from '../platform/errors.ts';
import { DECISION_STATUSES } from '../review/decision-rules.ts';
import type { DB } from '../schema.ts';
import {
  countAmlDispositions,
  countDecisionsPerDay,
  countInReviewAges,
  countOpenByStatus,
  countPerReviewer,
  OPEN_STATUS_KEYS,
  type OpenStatusKey,
  windowStart,
} from './dashboard.repository.ts';

export interface DashboardDeps {
  db: Kysely<DB>;
  clock: { now(): Date };
  /** REVIEW_SLA_HOURS: how long a case may stay In Review. */
  reviewSlaMs: number;
}

type Outcome = (typeof DECISION_STATUSES)[number];
type OutcomeCounts = Record<Outcome, number>;
const noOutcomes = (): OutcomeCounts =>
  Object.fromEntries(DECISION_STATUSES.map((s) => [s, 0])) as OutcomeCounts;

export interface Dashboard {
  generated_at: string;
  window: { days: number; time_zone: string; since: string; first_day: string; last_day: string };
  open_by_status: { status_key: OpenStatusKey; user: number; business: number; total: number }[];
  open_total: number;
  in_review_age: {
    sla_hours: number;
    total: number;
    under_half_sla: number;
    under_sla: number;
    breached: number;
    oldest_created_at: string | null;
  };
  decisions_per_day: ({ day: string; total: number } & OutcomeCounts)[];
  throughput: ({
    reviewer: { id: string; name: string };
    decided: number;
    confirmed: number;
  } & OutcomeCounts)[];
  aml_dispositions: { status: string; count: number }[];
  aml_undone: number;
}

/** Every day from `first` to `last` inclusive ('YYYY-MM-DD', calendar days: no time zone involved). */
function daysBetween(first: string, last: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${first}T00:00:00Z`); ; d = new Date(d.getTime() + 86_400_000)) {
    const s = d.toISOString().slice(0, 10);
    out.push(s);
    if (s >= last) return out;
  }
}

/** Postgres did not know a time zone name the browser's Intl accepted (`22023 invalid_parameter_value`). */
async function inTimeZone<T>(tz: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if ((err as { code?: unknown }).code === '22023')
      throw new AppError('VALIDATION', `tz: unknown time zone "${tz}"`);
    throw err;
  }
}

/** The figures of the dashboard, over the last `days` days (today included) in time zone `tz`. */
export async function getDashboard(
  deps: DashboardDeps,
  input: { days: number; tz: string },
): Promise<Dashboard> {
  const now = deps.clock.now();
  const window = await inTimeZone(input.tz, () => windowStart(deps.db, { now, ...input }));
  const [open, ages, perDay, perReviewer, aml] = await Promise.all([
    countOpenByStatus(deps.db),
    countInReviewAges(deps.db, { now, slaMs: deps.reviewSlaMs }),
    countDecisionsPerDay(deps.db, { since: window.since, tz: input.tz }),
    countPerReviewer(deps.db, window.since),
    countAmlDispositions(deps.db, window.since),
  ]);

  const openByStatus = OPEN_STATUS_KEYS.map((status_key) => {
    const of = (kind: string) =>
      Number(open.find((r) => r.status_key === status_key && r.session_kind === kind)?.n ?? 0);
    const user = of('user');
    const business = of('business');
    return { status_key, user, business, total: user + business };
  });

  const days = new Map(daysBetween(window.firstDay, window.lastDay).map((d) => [d, noOutcomes()]));
  for (const r of perDay) {
    const counts = days.get(r.day);
    if (counts && r.new_status in counts) counts[r.new_status as Outcome] += Number(r.n);
  }

  const reviewers = new Map<string, Dashboard['throughput'][number]>();
  for (const r of perReviewer) {
    const entry = reviewers.get(r.user_id) ?? {
      reviewer: { id: r.user_id, name: r.name },
      decided: 0,
      confirmed: 0,
      ...noOutcomes(),
    };
    const n = Number(r.n);
    if (r.new_status === null) entry.confirmed += n;
    else {
      entry.decided += n;
      if (r.new_status in noOutcomes()) entry[r.new_status as Outcome] += n;
    }
    reviewers.set(r.user_id, entry);
  }

  const amlCounts = new Map<string, number>();
  let amlUndone = 0;
  for (const r of aml) {
    if (r.undo) amlUndone += Number(r.n);
    else amlCounts.set(r.new_status, (amlCounts.get(r.new_status) ?? 0) + Number(r.n));
  }
  const amlStatuses = [
    ...AML_REVIEW_STATUSES,
    ...[...amlCounts.keys()].filter((s) => !(AML_REVIEW_STATUSES as readonly string[]).includes(s)),
  ];

  return {
    generated_at: now.toISOString(),
    window: {
      days: input.days,
      time_zone: input.tz,
      since: window.since.toISOString(),
      first_day: window.firstDay,
      last_day: window.lastDay,
    },
    open_by_status: openByStatus,
    open_total: openByStatus.reduce((a, s) => a + s.total, 0),
    in_review_age: {
      sla_hours: deps.reviewSlaMs / 3_600_000,
      total: ages.underHalf + ages.underSla + ages.breached,
      under_half_sla: ages.underHalf,
      under_sla: ages.underSla,
      breached: ages.breached,
      oldest_created_at: ages.oldest?.toISOString() ?? null,
    },
    decisions_per_day: [...days].map(([day, c]) => ({
      day,
      ...c,
      total: DECISION_STATUSES.reduce((a, s) => a + c[s], 0),
    })),
    throughput: [...reviewers.values()].sort(
      (a, b) =>
        b.decided + b.confirmed - (a.decided + a.confirmed) || a.reviewer.name.localeCompare(b.reviewer.name),
    ),
    aml_dispositions: amlStatuses.map((status) => ({ status, count: amlCounts.get(status) ?? 0 })),
    aml_undone: amlUndone,
  };
}
