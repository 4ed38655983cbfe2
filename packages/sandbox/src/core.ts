import type { Context } from 'hono';
import type { Timers } from './idle.ts';
import { MEDIA_TTL_SECONDS, type MediaSigner } from './media.ts';
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
}

export function makeSigner(core: Pick<Core, 'store' | 'clock'>, origin: string): MediaSigner {
  return {
    origin,
    secret: core.store.mediaSecret,
    expires: Math.floor(core.clock.now().getTime() / 1000) + MEDIA_TTL_SECONDS,
  };
}

export function appOf(c: Context<SandboxEnv>): SandboxApplication {
  return c.get('application');
}
