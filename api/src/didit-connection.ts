import { DiditClient } from '@console/didit/client';
import { ENTITY_WEBHOOK_EVENTS, SESSION_WEBHOOK_EVENTS } from '@console/didit/events';
import { type DiditRateLimiter, rateLimiterFor } from '@console/didit/rate-limiter';
import { createSandbox, type Sandbox } from '@console/sandbox/sandbox';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import type { Logger } from './platform/logger.ts';
import type { Metrics } from './platform/metrics/metrics.ts';
import type { OwnDiditApplication } from './sharing/sharing.module.ts';
import { PostgresRateLimiter, type RateBudget } from './sync/postgres-rate-limiter.ts';

/**
 * The webhook types the console subscribes to: session status and data changes (KYC and KYB alike), and the
 * User/Business entity events (https://docs.didit.me/entities/webhooks), which the entity intake stores.
 */
const SUBSCRIBED_EVENTS = [...SESSION_WEBHOOK_EVENTS, ...ENTITY_WEBHOOK_EVENTS];

export interface DiditConnection {
  didit: DiditClient;
  /** The destination's `secret_shared_key`; in sandbox mode undefined until `registerWebhook`. */
  webhookSecret: () => string | undefined;
  ownApplication: OwnDiditApplication | undefined;
  sandbox: Sandbox | undefined;
  /** Sandbox mode: registers `url` as the console application's webhook destination and keeps its secret. */
  registerWebhook(url: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The Didit side of the composition root. With an API key: a client for Didit itself. Without (sandbox
 * mode): a local sandbox on a random loopback port, reached over HTTP exactly like Didit, with the
 * console application's key; the webhook secret comes from registering a destination, as in production.
 */
export async function connectDidit(input: {
  config: Config;
  logger: Logger;
  clock: Clock;
  metrics?: Metrics;
  limiters?: Map<string, DiditRateLimiter>;
  /**
   * On a Postgres server, every process on it spends one budget per API key (`PostgresRateLimiter`); the
   * embedded database has one process by construction and keeps the in-process limiter.
   */
  database?: Database;
}): Promise<DiditConnection> {
  const { config, metrics, database } = input;
  const limiters = input.limiters ?? new Map<string, DiditRateLimiter>();
  const limits = config.didit.rateLimits;
  const shared = new Map<string, RateBudget>();
  const limiterFor = (apiKey: string): RateBudget => {
    if (!database || database.embedded)
      return rateLimiterFor(apiKey, limiters, { clock: input.clock, ...limits });
    let l = shared.get(apiKey);
    if (!l) {
      l = new PostgresRateLimiter({
        db: database.db,
        apiKey,
        ...limits,
        onError: (err) =>
          input.logger.warn(
            { err: { message: err instanceof Error ? err.message : String(err) } },
            'could not record the Didit pause',
          ),
      });
      shared.set(apiKey, l);
    }
    return l;
  };
  const client = (baseUrl: string, apiKey: string) =>
    new DiditClient({
      baseUrl,
      apiKey,
      clock: input.clock,
      limiter: limiterFor(apiKey),
      onCall: metrics ? (e) => metrics.didit.call(e) : undefined,
    });

  if (!config.didit.sandbox) {
    const secret = config.didit.webhookSecret;
    return {
      didit: client(config.didit.baseUrl, config.didit.apiKey!),
      webhookSecret: () => secret,
      ownApplication: undefined,
      sandbox: undefined,
      async registerWebhook() {},
      async close() {},
    };
  }

  const sandbox = createSandbox();
  const listening = await sandbox.listen(0, '127.0.0.1');
  const app = sandbox.applications.find((a) => a.name === 'console')!;
  const didit = client(listening.baseUrl, app.api_key);
  let secret: string | undefined;
  return {
    didit,
    webhookSecret: () => secret,
    ownApplication: {
      application_id: app.application_id,
      workflows: app.workflows.map((w) => ({ workflow_id: w.workflow_id, session_kind: w.session_kind })),
    },
    sandbox,
    async registerWebhook(url) {
      const destination = await didit.createWebhookDestination({
        label: 'Review console (sandbox)',
        url,
        webhook_version: 'v3',
        subscribed_events: SUBSCRIBED_EVENTS,
      });
      if (!destination.secret_shared_key)
        throw new Error('sandbox destination came without secret_shared_key');
      secret = destination.secret_shared_key;
      input.logger.info(
        { sandbox: listening.baseUrl },
        'sandbox Didit running; webhook destination registered',
      );
    },
    async close() {
      await listening.close();
      await sandbox.close();
    },
  };
}
