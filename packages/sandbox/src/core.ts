import type { Context } from 'hono';
import type { Timers } from './idle.ts';
import { MEDIA_TTL_SECONDS, type MediaSigner } from './media.ts';
import type { CreateQuota } from './scenarios.ts';
import type { Scenario } from './statuses.ts';
import type { SandboxApplication, SessionRecord, Store } from './store.ts';
import type { WebhookDispatcher } from './webhooks.ts';

export type SandboxEnv = { Variables: { application: SandboxApplication } };

/** What every route module and seed helper shares. */
export interface Core {
  store: Store;
  clock: { now(): Date };
  dispatcher: WebhookDispatcher;
  timers: Timers;
  stepDelayMs: number;
  /** Where links in webhooks point: the listening address, or the configured public base URL. */
  publicOrigin(): string;
  signer(origin: string): MediaSigner;
  /** Drives a session created with `sandbox_scenario` to its final status, one step per stepDelayMs. */
  runScenario(rec: SessionRecord, origin: string): void;
  /** The `sandbox_scenario` slugs create-session accepts (scenarios.ts). */
  scenarios: readonly Scenario[];
  /** Sessions created per application per 24 hours (scenarios.ts). */
  createQuota: CreateQuota;
}

export function makeSigner(core: Pick<Core, 'store' | 'clock'>, origin: string): MediaSigner {
  return {
    origin,
    secret: core.store.mediaSecret,
    expires: Math.floor(core.clock.now().getTime() / 1000) + MEDIA_TTL_SECONDS,
  };
}

/** A session as the API creates one (create-session, import-shared): Not Started, now, media signed for `origin`. */
export function createApiSession(
  core: Core,
  input: Omit<Parameters<Store['createSession']>[0], 'status' | 'createdAt' | 'signer'>,
): SessionRecord {
  return core.store.createSession({
    ...input,
    status: 'Not Started',
    createdAt: core.clock.now(),
    signer: core.signer(input.origin),
  });
}

export function appOf(c: Context<SandboxEnv>): SandboxApplication {
  return c.get('application');
}
