import { z } from '@hono/zod-openapi';
import { json, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { OPEN_STATUS_KEYS } from './dashboard.repository.ts';
import { type DashboardDeps, getDashboard } from './dashboard.service.ts';

/** An IANA time zone the runtime knows (`Africa/Nairobi`, `UTC`); days are counted in it. */
const TimeZone = z
  .string()
  .max(64)
  .regex(/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/, 'an IANA time zone such as Africa/Nairobi')
  .refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone');

const Query = z.object({
  /** How many days back (today included) the per-day, per-reviewer and AML figures cover. */
  days: z.coerce.number().int().min(1).max(90).default(14),
  tz: TimeZone.default('UTC'),
});

const Count = z.number().int().nonnegative();
const Outcomes = { Approved: Count, Declined: Count, Resubmitted: Count };

const DashboardView = z
  .object({
    generated_at: z.string(),
    window: z.object({
      days: Count,
      time_zone: z.string(),
      since: z.string(),
      first_day: z.string(),
      last_day: z.string(),
    }),
    open_by_status: z.array(
      z.object({
        status_key: z.enum(OPEN_STATUS_KEYS),
        user: Count,
        business: Count,
        total: Count,
      }),
    ),
    open_total: Count,
    // breached = total − under_half_sla − under_sla; ages from each case's creation.
    in_review_age: z.object({
      sla_hours: z.number(),
      total: Count,
      under_half_sla: Count,
      under_sla: Count,
      breached: Count,
      oldest_created_at: z.string().nullable(),
    }),
    decisions_per_day: z.array(z.object({ day: z.string(), total: Count, ...Outcomes })),
    throughput: z.array(
      z.object({
        reviewer: z.object({ id: z.string(), name: z.string() }),
        decided: Count,
        confirmed: Count,
        ...Outcomes,
      }),
    ),
    aml_dispositions: z.array(z.object({ status: z.string(), count: Count })),
    aml_undone: Count,
  })
  .openapi('Dashboard');

const dashboardRoute = route('get', '/api/dashboard', {
  summary:
    'Queue health: open cases by status, In Review by age against the SLA, decisions per day, throughput per reviewer, AML dispositions',
  request: { query: Query },
  responses: { 200: json(DashboardView, 'The figures, counted now') },
  errors: { 400: 'VALIDATION: days outside 1–90 or an unknown time zone' },
});

export function dashboardRoutes(deps: DashboardDeps) {
  const router = createRouter();
  router.openapi(dashboardRoute, async (c) => c.json(await getDashboard(deps, c.req.valid('query')), 200));
  return router;
}
