import type { PyValue } from '@console/didit/python-json';
import { Hono } from 'hono';
import type { Core, SandboxEnv } from './core.ts';
import { ApiError, FORBIDDEN, pyJson } from './http.ts';
import { SCENARIO_STATUS, SCENARIOS, type Scenario } from './statuses.ts';
import type { SandboxApplication } from './store.ts';

/**
 * The `sandbox_scenario` slugs Didit's pages name (docs/didit.md §2.1: "e.g. approve, decline_aml_hit"). The
 * sandbox accepts more (shared/contract.md requires decline, review, review_aml_hit and abandon too);
 * `scenarios: 'documented'` restricts it to these, answering any other slug as Didit answers a bad choice.
 */
export const DOCUMENTED_SCENARIOS: readonly Scenario[] = ['approve', 'decline_aml_hit'];

/**
 * Didit's sandbox-mode applications may create 500 sessions per 24 hours
 * (https://docs.didit.me/integration/sandbox-testing). The refusal's status and body are not on the page:
 * 429 with a DRF `detail` here is UNCONFIRMED.
 */
export const DAILY_CREATE_QUOTA = 500;
const DAY_MS = 24 * 3_600_000;

export class CreateQuota {
  private readonly created = new Map<string, number[]>();

  constructor(private readonly limit: number | false) {}

  /** Counts one creation for `app`, or refuses it when the last 24 hours already hold `limit`. */
  take(app: SandboxApplication, now: Date): void {
    if (this.limit === false) return;
    const t = now.getTime();
    const recent = (this.created.get(app.application_id) ?? []).filter((at) => at > t - DAY_MS);
    if (recent.length >= this.limit) {
      this.created.set(app.application_id, recent);
      throw new ApiError(429, {
        detail: `Sandbox applications may create ${this.limit} sessions per 24 hours; try again later.`,
      });
    }
    recent.push(t);
    this.created.set(app.application_id, recent);
  }
}

/**
 * `GET /v1/sandbox/scenarios/` (https://docs.didit.me/integration/sandbox-testing: the live catalog, behind the
 * API key). The page names the endpoint, not its body: the shape below is the sandbox's (UNCONFIRMED).
 */
export function scenarioCatalogRoutes(core: Core, accepted: readonly Scenario[]): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();
  r.get('/v1/sandbox/scenarios/', (c) => {
    if (!core.store.appByKey(c.req.header('x-api-key'))) {
      throw new ApiError(403, { detail: FORBIDDEN });
    }
    const scenarios = accepted.map((slug) => ({
      slug,
      final_status: SCENARIO_STATUS[slug],
      session_kinds: ['user', 'business'],
    }));
    return pyJson(c, 200, { scenarios } as unknown as PyValue);
  });
  return r;
}

export const ALL_SCENARIOS: readonly Scenario[] = SCENARIOS;
