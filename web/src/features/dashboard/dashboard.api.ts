import { type ApiResponse, client } from '../../api/contract.ts';

type DashboardDto = ApiResponse<'/api/dashboard', 'get'>;

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
  const d: DashboardDto = await client.get('/api/dashboard', { query: input, signal });
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
