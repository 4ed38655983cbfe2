import { z } from 'zod';
import { api } from '../../api/client.ts';

const count = z.number().int().nonnegative();
const outcomes = { Approved: count, Declined: count, Resubmitted: count };

const dashboardSchema = z.object({
  generated_at: z.string(),
  window: z.object({
    days: z.number().int(),
    time_zone: z.string(),
    since: z.string(),
    first_day: z.string(),
    last_day: z.string(),
  }),
  open_by_status: z.array(z.object({ status_key: z.string(), user: count, business: count, total: count })),
  open_total: count,
  in_review_age: z.object({
    sla_hours: z.number(),
    total: count,
    under_half_sla: count,
    under_sla: count,
    breached: count,
    oldest_created_at: z.string().nullable(),
  }),
  decisions_per_day: z.array(z.object({ day: z.string(), total: count, ...outcomes })),
  throughput: z.array(
    z.object({
      reviewer: z.object({ id: z.string(), name: z.string() }),
      decided: count,
      confirmed: count,
      ...outcomes,
    }),
  ),
  aml_dispositions: z.array(z.object({ status: z.string(), count })),
  aml_undone: count,
});

export const DECISION_OUTCOMES = ['Approved', 'Declined', 'Resubmitted'] as const;
export type DecisionOutcome = (typeof DECISION_OUTCOMES)[number];
type OutcomeCounts = Record<DecisionOutcome, number>;

export interface DashboardView {
  generatedAt: string;
  days: number;
  timeZone: string;
  openByStatus: { statusKey: string; user: number; business: number; total: number }[];
  openTotal: number;
  slaHours: number;
  inReview: {
    total: number;
    underHalfSla: number;
    underSla: number;
    breached: number;
    oldestCreatedAt: string | null;
  };
  perDay: ({ day: string; total: number } & OutcomeCounts)[];
  throughput: ({ id: string; name: string; decided: number; confirmed: number } & OutcomeCounts)[];
  aml: { status: string; count: number }[];
  amlUndone: number;
}

/** The window's days are counted in the browser's own time zone, as the rest of the console shows times. */
export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export async function fetchDashboard(
  input: { days: number; tz: string },
  signal?: AbortSignal,
): Promise<DashboardView> {
  const d = dashboardSchema.parse(await api.get('/api/dashboard', input, signal));
  return {
    generatedAt: d.generated_at,
    days: d.window.days,
    timeZone: d.window.time_zone,
    openByStatus: d.open_by_status.map((s) => ({
      statusKey: s.status_key,
      user: s.user,
      business: s.business,
      total: s.total,
    })),
    openTotal: d.open_total,
    slaHours: d.in_review_age.sla_hours,
    inReview: {
      total: d.in_review_age.total,
      underHalfSla: d.in_review_age.under_half_sla,
      underSla: d.in_review_age.under_sla,
      breached: d.in_review_age.breached,
      oldestCreatedAt: d.in_review_age.oldest_created_at,
    },
    perDay: d.decisions_per_day,
    throughput: d.throughput.map((r) => ({
      id: r.reviewer.id,
      name: r.reviewer.name,
      decided: r.decided,
      confirmed: r.confirmed,
      Approved: r.Approved,
      Declined: r.Declined,
      Resubmitted: r.Resubmitted,
    })),
    aml: d.aml_dispositions,
    amlUndone: d.aml_undone,
  };
}
