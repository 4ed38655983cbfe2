import type { Core } from './core.ts';
import { Rng } from './rng.ts';
import {
  isScenario,
  parseStatus,
  SCENARIO_STATUS,
  type Scenario,
  type SessionKind,
  type SessionStatus,
} from './statuses.ts';
import type { SessionRecord } from './store.ts';

export interface SeedSessionsOptions {
  application: string;
  count: number;
  kind?: 'user' | 'business' | 'mixed';
  /** Statuses (either casing) or scenario names, used in turn. */
  statuses?: string[];
  /** Send each session's webhooks (Not Started → In Progress → final) through the signed delivery path. */
  deliver?: boolean;
}

const DEFAULT_MIX = [
  'approve',
  'approve',
  'review',
  'approve',
  'decline',
  'review_aml_hit',
  'approve',
  'abandon',
  'approve',
  'review',
  'decline_aml_hit',
  'approve',
  'In Progress',
  'approve',
  'review',
  'approve',
  'Not Started',
  'review_aml_hit',
  'approve',
  'decline',
];
const BATCH = 8;
const STEPS: SessionStatus[] = ['Not Started', 'In Progress'];

function parseEntry(entry: string): { status: SessionStatus; scenario?: Scenario } {
  if (isScenario(entry)) return { status: SCENARIO_STATUS[entry], scenario: entry };
  const status = parseStatus(entry);
  if (!status) throw new Error(`seedSessions: "${entry}" is neither a status nor a sandbox scenario`);
  return { status };
}

let seedCalls = 0;

/** Finished (or in-flight) sessions with full decisions, created in the past, newest last. */
export async function seedSessions(core: Core, opts: SeedSessionsOptions): Promise<string[]> {
  const app = core.store.appByName(opts.application);
  const entries = (opts.statuses?.length ? opts.statuses : DEFAULT_MIX).map(parseEntry);
  const rng = new Rng(core.store.seed, `seed:${app.name}:${seedCalls++}`);
  const origin = core.publicOrigin();
  const signer = core.signer(origin);
  const now = core.clock.now().getTime();
  // Spread over the last days, oldest first, so session numbers grow with time as on Didit.
  let t = now - opts.count * 47 * 60_000;
  const ids: string[] = [];
  let pending: Promise<void>[] = [];
  for (let i = 0; i < opts.count; i++) {
    const kind: SessionKind =
      opts.kind === 'business' ? 'business' : opts.kind === 'mixed' && rng.chance(0.3) ? 'business' : 'user';
    const workflow = app.workflows.find((w) => w.session_kind === kind)!;
    const entry = entries[i % entries.length]!;
    t += rng.int(5, 90) * 60_000;
    const stopAt = STEPS.indexOf(entry.status);
    const path = !opts.deliver
      ? [entry.status]
      : stopAt >= 0
        ? STEPS.slice(0, stopAt + 1)
        : [...STEPS, entry.status];
    const rec: SessionRecord = core.store.createSession({
      app,
      workflow,
      status: path[0]!,
      createdAt: new Date(Math.min(t, now)),
      vendorData: `${kind === 'user' ? 'customer' : 'business'}-${rng.digits(6)}`,
      scenario: entry.scenario,
      origin,
      signer,
    });
    ids.push(rec.id);
    if (!opts.deliver) {
      rec.scenario = undefined;
      continue;
    }
    let last = core.dispatcher.emit(rec, 'status.updated');
    for (const status of path.slice(1)) {
      core.store.regenerate(rec, status, origin, signer);
      last = core.dispatcher.emit(rec, 'status.updated');
    }
    // The scenario only shaped the data: a seeded session's user does not come back after a resubmission.
    rec.scenario = undefined;
    pending.push(last);
    if (pending.length >= BATCH) {
      await Promise.all(pending);
      pending = [];
    }
  }
  await Promise.all(pending);
  return ids;
}

type Requester = (path: string, init: { method: string; body: string; apiKey: string }) => Promise<Response>;

/**
 * The demo data set: sessions in the console application delivered as signed webhooks to its
 * destinations (register them first), many In Review (KYC and KYB) with AML hits, and sessions shared
 * from the partner application and imported into the console one through the real share/import routes.
 */
export async function seedDemo(
  core: Core,
  opts: { application: string; partnerApplication: string },
  request: Requester,
): Promise<void> {
  const target = core.store.appByName(opts.application);
  const partner = core.store.appByName(opts.partnerApplication);
  await seedSessions(core, { application: target.name, count: 160, kind: 'user', deliver: true });
  await seedSessions(core, { application: target.name, count: 50, kind: 'business', deliver: true });
  const shared = [
    ...(await seedSessions(core, {
      application: partner.name,
      count: 6,
      kind: 'user',
      statuses: ['approve', 'review_aml_hit', 'approve', 'decline', 'approve', 'review'],
      deliver: true,
    })),
    ...(await seedSessions(core, {
      application: partner.name,
      count: 2,
      kind: 'business',
      statuses: ['approve', 'review'],
      deliver: true,
    })),
  ];
  for (const [i, sessionId] of shared.entries()) {
    const source = core.store.sessions.get(sessionId)!;
    const share = await request(`/v3/session/${sessionId}/share/`, {
      method: 'POST',
      apiKey: partner.api_key,
      body: JSON.stringify({ for_application_id: target.application_id, ttl_in_seconds: 3600 }),
    });
    if (share.status !== 201) throw new Error(`seedDemo: share answered ${share.status}`);
    const { share_token } = (await share.json()) as { share_token: string };
    const workflow = target.workflows.find((w) => w.session_kind === source.kind)!;
    const imported = await request('/v3/session/import-shared/', {
      method: 'POST',
      apiKey: target.api_key,
      body: JSON.stringify({
        share_token,
        workflow_id: workflow.workflow_id,
        vendor_data: `partner-${source.vendorData}`,
        trust_review: i % 2 === 0,
      }),
    });
    if (imported.status !== 201) throw new Error(`seedDemo: import answered ${imported.status}`);
    await imported.arrayBuffer();
  }
}
