import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { type Core, makeSigner, type SandboxEnv } from './core.ts';
import { EntityStore, entityFollowsSession, entityRoutes } from './entities.ts';
import { FaultInjector, type Faults } from './faults.ts';
import { ApiError, FORBIDDEN, NOT_FOUND, pyJson } from './http.ts';
import { Timers, WorkTracker } from './idle.ts';
import { type RateLimitLog, type RateLimits, rateLimiter } from './rate-limit.ts';
import { destinationRoutes } from './routes-destinations.ts';
import { listRoutes } from './routes-list.ts';
import { mediaRoutes } from './routes-media.ts';
import { reportRoutes } from './routes-reports.ts';
import { reviewRoutes } from './routes-review.ts';
import { sessionRoutes } from './routes-sessions.ts';
import { shareRoutes } from './routes-share.ts';
import { type SeedSessionsOptions, seedDemo, seedSessions } from './seed.ts';
import { type KybStatusCasing, SCENARIO_STATUS } from './statuses.ts';
import { type SandboxApplication, Store } from './store.ts';
import { type DeliveryRecord, WebhookDispatcher } from './webhooks.ts';

export type { Faults } from './faults.ts';
export type { SandboxApplication } from './store.ts';
export type { DeliveryRecord } from './webhooks.ts';

export interface SandboxOptions {
  /** Deterministic ids, keys, data and timing (default 1). */
  seed?: number;
  clock?: { now(): Date };
  /** Application names; `console` and `partner` are always present. */
  applications?: string[];
  /** Per API key per sliding window (default GET 600, writes 300 per 60 s); false turns limiting off. */
  rateLimits?: RateLimits | false;
  /** Delay between scenario steps (default 1500). */
  stepDelayMs?: number;
  /** Delays before each webhook retry (default Didit's ~1 min then ~4 min). */
  webhookRetryDelaysMs?: number[];
  webhookTimeoutMs?: number;
  /** Origin for links (media, hosted URL) in webhooks when mounted without `listen()`. */
  publicBaseUrl?: string;
  /**
   * Applications whose API key may only read (a named key with `read` scopes, as Didit's console issues):
   * every POST, PATCH and DELETE gets DRF's generic 403, the same body as a bad key [S0].
   */
  readOnlyApplications?: string[];
  /** KYB status spelling on the wire: the seed's UPPER_SNAKE (default) or the newer pages' Title Case. */
  kybStatusCasing?: KybStatusCasing;
}

export interface Sandbox {
  app: Hono;
  applications: SandboxApplication[];
  listen(port?: number, host?: string): Promise<{ baseUrl: string; close(): Promise<void> }>;
  baseUrl(): string;
  seedSessions(opts: SeedSessionsOptions): Promise<string[]>;
  seedDemo(opts: { application: string; partnerApplication: string }): Promise<void>;
  idle(): Promise<void>;
  faults: { set(f: Partial<Faults>): void; clear(): void };
  deliveries(): DeliveryRecord[];
  /** Counts per rate scope (requests served, 429s, the fullest window); undefined when limiting is off. */
  rateLimitLog(): RateLimitLog | undefined;
  close(): Promise<void>;
}

/** Paths that exist with a trailing slash: the slash-less form answers 301, as Django's APPEND_SLASH does. */
const SLASH_ROUTES = [
  /^\/v3\/session$/,
  /^\/v3\/sessions$/,
  /^\/v3\/session\/import-shared$/,
  /^\/v3\/session\/[^/]+\/(decision|update-status|share|update-aml-hit-status|bulk-update-aml-hit-status|delete|generate-pdf)$/,
  /^\/v3\/sessions\/[^/]+\/reviews$/,
  /^\/v3\/webhook\/destinations(\/[^/]+)?$/,
  /^\/v3\/(users|businesses)(\/[^/]+(\/update-status)?)?$/,
];

export function createSandbox(options: SandboxOptions = {}): Sandbox {
  const seed = options.seed ?? 1;
  const clock = options.clock ?? { now: () => new Date() };
  const names = [...new Set(['console', 'partner', ...(options.applications ?? [])])];
  const store = new Store(seed, names);
  if (options.kybStatusCasing)
    for (const a of store.applications) a.kybStatusCasing = options.kybStatusCasing;
  const work = new WorkTracker();
  const timers = new Timers(work);
  const faults = new FaultInjector(seed);
  const servers: { close(): Promise<void> }[] = [];
  let listeningUrl: string | undefined;
  const publicOrigin = () => listeningUrl ?? options.publicBaseUrl ?? 'http://127.0.0.1';
  const signerFor = (origin: string) => makeSigner({ store, clock }, origin);
  const entities = new EntityStore(store);
  let coreRef: Core | undefined;
  const dispatcher = new WebhookDispatcher({
    store,
    clock,
    retryDelaysMs: options.webhookRetryDelaysMs ?? [60_000, 240_000],
    timeoutMs: options.webhookTimeoutMs ?? 5000,
    work,
    timers,
    signer: () => signerFor(publicOrigin()),
    onSessionEvent: (rec) => {
      if (coreRef) entityFollowsSession(coreRef, entities, rec);
    },
  });
  const stepDelayMs = options.stepDelayMs ?? 1500;
  const core: Core = {
    store,
    clock,
    dispatcher,
    timers,
    stepDelayMs,
    publicOrigin,
    signer: signerFor,
    runScenario(rec, origin) {
      const scenario = rec.scenario;
      if (!scenario) return;
      timers.after(stepDelayMs, () => {
        if (rec.deleted || rec.status !== 'Not Started') return;
        store.regenerate(rec, 'In Progress', origin, signerFor(origin));
        void dispatcher.emit(rec, 'status.updated');
        timers.after(stepDelayMs, () => {
          if (rec.deleted || rec.status !== 'In Progress') return;
          store.regenerate(rec, SCENARIO_STATUS[scenario], origin, signerFor(origin));
          void dispatcher.emit(rec, 'status.updated');
        });
      });
    },
  };

  coreRef = core;

  const app = new Hono<SandboxEnv>();
  app.onError((err, c) => {
    if (err instanceof ApiError) return pyJson(c, err.status, err.body, undefined, err.headers);
    return pyJson(c, 500, { detail: 'A server error occurred.' });
  });
  app.notFound((c) => pyJson(c, 404, { detail: NOT_FOUND }));
  app.use('/v3/*', async (c, next) => {
    const path = c.req.path;
    if (!path.endsWith('/') && SLASH_ROUTES.some((re) => re.test(path))) {
      const url = new URL(c.req.url);
      return c.redirect(`${url.pathname}/${url.search}`, 301);
    }
    await next();
  });
  app.use('/v3/*', faults.middleware());
  app.use('/v3/*', async (c, next) => {
    const application = store.appByKey(c.req.header('x-api-key'));
    if (!application) throw new ApiError(403, { detail: FORBIDDEN });
    if (c.req.method !== 'GET' && options.readOnlyApplications?.includes(application.name)) {
      throw new ApiError(403, { detail: FORBIDDEN });
    }
    c.set('application', application);
    await next();
  });
  const limits = options.rateLimits === false ? undefined : (options.rateLimits ?? { get: 600, write: 300 });
  const rateLog: RateLimitLog | undefined = limits && {
    limits: { get: limits.get, write: limits.write, windowMs: limits.windowMs ?? 60_000 },
    served: { get: 0, write: 0 },
    throttled: { get: 0, write: 0 },
    maxInWindow: { get: 0, write: 0 },
  };
  if (limits)
    app.use(
      '/v3/*',
      rateLimiter(limits, () => clock.now().getTime(), rateLog),
    );
  // Not part of Didit: what the limiter saw, for tests that must prove a budget was kept on Didit's side.
  app.get('/_sandbox/rate-limit', (c) => c.json(rateLog ?? null));
  app.route('/', sessionRoutes(core));
  app.route('/', listRoutes(core));
  app.route('/', reviewRoutes(core));
  app.route('/', reportRoutes(core));
  app.route('/', entityRoutes(core, entities));
  app.route('/', shareRoutes(core));
  app.route('/', destinationRoutes(core));
  app.route('/', mediaRoutes(core) as unknown as Hono<SandboxEnv>);

  return {
    app: app as unknown as Hono,
    applications: store.applications,
    async listen(port = 0, host = '127.0.0.1') {
      const server = serve({ fetch: app.fetch, port, hostname: host });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', () => resolve());
        server.once('error', reject);
      });
      const address = server.address() as AddressInfo;
      const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
      listeningUrl ??= baseUrl;
      let closing: Promise<void> | undefined;
      const handle = {
        baseUrl,
        close: () => {
          closing ??= new Promise<void>((resolve) => {
            faults.releaseHanging();
            server.close(() => resolve());
            (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
          });
          return closing;
        },
      };
      servers.push(handle);
      return handle;
    },
    baseUrl() {
      if (!listeningUrl) throw new Error('the sandbox is not listening: call listen() first');
      return listeningUrl;
    },
    seedSessions: (opts) => seedSessions(core, opts),
    seedDemo: (opts) =>
      seedDemo(core, opts, (path, init) =>
        Promise.resolve(
          app.request(`${publicOrigin()}${path}`, {
            method: init.method,
            body: init.body,
            headers: { 'x-api-key': init.apiKey, 'content-type': 'application/json' },
          }),
        ),
      ),
    idle: () => work.idle(),
    faults: { set: (f) => faults.set(f), clear: () => faults.clear() },
    deliveries: () => [...dispatcher.records],
    rateLimitLog: () => rateLog && structuredClone(rateLog),
    async close() {
      faults.releaseHanging();
      timers.cancelAll();
      dispatcher.close();
      await Promise.all(servers.map((s) => s.close()));
    },
  };
}
