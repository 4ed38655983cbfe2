import fs from 'node:fs';
import path from 'node:path';
import type { DiditClient } from '@console/didit/client';
import { serveStatic } from '@hono/node-server/serve-static';
import { sql } from 'kysely';
import { auditRoutes } from './audit/audit.routes.ts';
import { refusalAudit } from './audit/refusals.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { csrfProtection, loginSessionMiddleware } from './auth/login-session.middleware.ts';
import { endUserLoginSessions } from './auth/login-sessions.repository.ts';
import { oidcRoutes } from './auth/oidc.routes.ts';
import { authorize } from './authz/authorize.ts';
import { type Capabilities, capabilitiesFor } from './capabilities.ts';
import { dashboardRoutes } from './dashboard/dashboard.routes.ts';
import { entitiesRoutes } from './entities/entities.routes.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { migrationStatus } from './platform/db/migrate.ts';
import { apiBodyLimit } from './platform/http/body-limit.ts';
import { clientAddressMiddleware, TrustedProxies } from './platform/http/client-address.ts';
import {
  accessLog,
  errorBody,
  errorHandler,
  requestId,
  securityHeaders,
} from './platform/http/middleware.ts';
import { createRouter } from './platform/http/router.ts';
import type { Logger } from './platform/logger.ts';
import { metricsRoutes } from './platform/metrics/metrics.routes.ts';
import { createMetrics, type Metrics } from './platform/metrics/metrics.ts';
import { recordsRoutes } from './records/records.routes.ts';
import { amlRoutes } from './review/aml.routes.ts';
import { assignmentRoutes } from './review/assignments.routes.ts';
import { bulkRoutes } from './review/bulk.routes.ts';
import { evidenceRoutes } from './review/evidence.routes.ts';
import { type MediaPolicy, SANDBOX_MEDIA_POLICY, strictMediaPolicy } from './review/media-fetch.ts';
import { outcomesRoutes } from './review/outcomes.routes.ts';
import { reviewRoutes } from './review/review.routes.ts';
import { INTAKE_LANES, IntakeBatcher } from './sessions/intake-batcher.ts';
import { sessionsRoutes } from './sessions/sessions.routes.ts';
import type { BatchRunner } from './sharing/batch-runner.ts';
import { type OwnDiditApplication, sharingFeature } from './sharing/sharing.module.ts';
import { reapplyRoutes } from './sync/reapply.routes.ts';
import { syncRoutes } from './sync/sync.routes.ts';
import { usersRoutes } from './users/users.routes.ts';
import { viewsRoutes } from './views/views.routes.ts';
import { WebhookRejections } from './webhooks/rejections.ts';
import { webhooksRoutes } from './webhooks/webhooks.routes.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** What this console may do or show; derived from the config when absent. */
  capabilities?: Capabilities | undefined;
  /** Where the built SPA lives; unset in API-only tests. */
  webDist?: string | undefined;
  /** The Didit v3 client (one rate limiter per key); absent in tests that never reach Didit. */
  didit?: DiditClient | undefined;
  /** Shared with the server's own instrumentation; a fresh registry when absent (tests). */
  metrics?: Metrics;
  /** Sandbox mode: the console's own application (id, workflows) as the local sandbox created it. */
  ownDiditApplication?: OwnDiditApplication | undefined;
  /**
   * The webhook destination's `secret_shared_key`, read per delivery: sandbox mode learns it after the
   * server listens. Defaults to DIDIT_WEBHOOK_SECRET.
   */
  webhookSecret?: () => string | undefined;
  /** Counts rejected deliveries; the server flushes it to the audit log once a minute. */
  webhookRejections?: WebhookRejections;
  /** Which media links the proxy may fetch; from the config when absent (sandbox mode: the local sandbox's). */
  mediaPolicy?: MediaPolicy;
  /** Wakes this process's job worker after something was queued (a decision fetch, a backfill). */
  pokeJobs?: () => void;
  /** The server's batch-share runner (started and stopped with the server); tests get one per app. */
  batchRunner?: BatchRunner;
}

/** The local sandbox's specimens (http, loopback, SVG) when allowed; else only Didit's media hosts. */
export function mediaPolicyFor(can: Pick<Capabilities, 'sandboxMedia'>, config: Config): MediaPolicy {
  return can.sandboxMedia ? SANDBOX_MEDIA_POLICY : strictMediaPolicy(config.didit.mediaHosts);
}

/** The head of `/api/openapi.json`; its paths come from every route's `createRoute` declaration. */
export const OPENAPI_CONFIG = {
  openapi: '3.1.0',
  info: { title: 'Didit compliance review console', version: '1.0.0' },
} as const;

export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../../web/dist');

/** The one composition root: builds the whole HTTP surface around the dependencies it is given. */
export function createApp(deps: AppDeps) {
  const { database, logger } = deps;
  const metrics = deps.metrics ?? createMetrics({ defaultMetrics: false });
  const can = deps.capabilities ?? capabilitiesFor(deps.config);
  const app = createRouter();
  // Case-insensitive: `/API/users` is not a page of the web app (it would answer index.html with 200); it
  // goes through authorization like any API path and is refused there.
  const isSpaPath = (method: string, p: string) => {
    const lower = p.toLowerCase();
    return (
      (method === 'GET' || method === 'HEAD') && !lower.startsWith('/api/') && !lower.startsWith('/webhooks/')
    );
  };

  app.use('*', requestId);
  app.use('*', clientAddressMiddleware(new TrustedProxies(deps.config.server.trustedProxies)));
  app.use('*', securityHeaders);
  app.use('*', accessLog(logger));
  app.use('/api/*', apiBodyLimit);
  app.use('*', loginSessionMiddleware({ db: database.db, clock: deps.clock, config: deps.config }));
  app.use('/api/*', refusalAudit({ db: database.db, clock: deps.clock, logger }));
  app.use('*', csrfProtection);
  app.use('*', authorize(isSpaPath));

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/readyz', async (c) => {
    try {
      await sql`select 1`.execute(database.db);
      const { pending } = await migrationStatus(database.db);
      if (pending > 0) return c.json({ status: 'migrating', pending }, 503);
      return c.json({ status: 'ready' });
    } catch {
      return c.json(errorBody(c, 'UNAVAILABLE', 'Database unreachable'), 503);
    }
  });

  app.route('/', metricsRoutes(metrics, deps.config.metrics.token));

  const authDeps = { db: database.db, clock: deps.clock, config: deps.config };
  app.route('/', authRoutes({ ...authDeps, capabilities: can }));
  app.route('/', oidcRoutes(authDeps));
  app.route('/', usersRoutes({ ...authDeps, endLoginSessions: endUserLoginSessions }));
  app.route('/', auditRoutes(authDeps));

  const reviewDeps = {
    db: database.db,
    didit: deps.didit,
    clock: deps.clock,
    fourEyes: deps.config.review.fourEyes,
    claimIdleMs: deps.config.review.claimIdleMs,
    media: deps.mediaPolicy ?? mediaPolicyFor(can, deps.config),
  };
  app.route('/', reviewRoutes(reviewDeps));
  app.route('/', assignmentRoutes(reviewDeps));
  app.route('/', bulkRoutes(reviewDeps));
  app.route('/', viewsRoutes(reviewDeps));
  app.route('/', evidenceRoutes(reviewDeps));
  app.route('/', outcomesRoutes(reviewDeps));
  app.route('/', entitiesRoutes(reviewDeps));
  app.route('/', amlRoutes(reviewDeps));
  app.route('/', recordsRoutes(reviewDeps));
  app.route(
    '/',
    dashboardRoutes({ db: database.db, clock: deps.clock, reviewSlaMs: deps.config.review.slaMs }),
  );

  const sharing = sharingFeature({
    config: deps.config,
    database,
    clock: deps.clock,
    logger,
    didit: deps.didit,
    ownApplication: deps.ownDiditApplication,
    batchRunner: deps.batchRunner,
  });
  for (const routes of sharing.routes) app.route('/', routes);

  // Group commit for webhooks; a few lanes, leaving the rest of the pool to the console and the job worker.
  const intake = new IntakeBatcher(database, {
    lanes: Math.max(1, Math.min(INTAKE_LANES, (database.pool.options.max ?? 10) - 2)),
  });
  const syncDeps = { db: database.db, clock: deps.clock, didit: deps.didit, pokeJobs: deps.pokeJobs };
  app.route(
    '/',
    webhooksRoutes({
      db: database.db,
      clock: deps.clock,
      logger,
      metrics,
      rejections: deps.webhookRejections ?? new WebhookRejections(database.db, deps.clock, logger),
      webhookSecret: deps.webhookSecret ?? (() => deps.config.didit.webhookSecret),
      onFetchQueued: deps.pokeJobs,
      apply: (event, now) => intake.apply(event, now),
    }),
  );
  app.route('/', sessionsRoutes(syncDeps, sharing.sessionDetail));
  app.route('/', reapplyRoutes(syncDeps));
  app.route(
    '/',
    syncRoutes({
      ...syncDeps,
      showSandboxBadge: can.showSandboxBadge,
      diditMeta: () => ({
        applicationId: sharing.deps.ownApplicationId(),
        importWorkflows: sharing.deps.importWorkflows(),
      }),
    }),
  );

  app.doc31('/api/openapi.json', OPENAPI_CONFIG);

  const webDist = deps.webDist;
  if (webDist && fs.existsSync(path.join(webDist, 'index.html'))) {
    // Read per navigation (small, and only for page loads): a rebuilt web app is served without a restart,
    // instead of an old index.html naming asset files that no longer exist.
    const indexHtml = () => fs.readFileSync(path.join(webDist, 'index.html'), 'utf8');
    app.use('/assets/*', async (c, next) => {
      await next();
      // Asset names carry a hash of their content: a browser keeps them and never asks again, which also
      // lets it reuse the scripts' compiled code on the next load. (A missing asset falls through to the
      // no-cache index.html below.)
      if (c.res.status === 200 && !c.res.headers.has('cache-control'))
        c.res.headers.set('Cache-Control', 'public, max-age=31536000, immutable');
    });
    app.use(
      '/assets/*',
      serveStatic({
        root: path.relative(process.cwd(), webDist),
        // The build writes .br and .gz beside each asset (web/scripts/precompress.ts): served as is, no CPU
        // spent compressing per request.
        precompressed: true,
      }),
    );
    app.get('*', (c) => {
      if (!isSpaPath(c.req.method, c.req.path)) return c.notFound();
      // Always revalidated: a rebuilt app must reach the next navigation.
      c.header('Cache-Control', 'no-cache');
      return c.html(indexHtml());
    });
  }

  app.notFound((c) => c.json(errorBody(c, 'NOT_FOUND', 'No such route'), 404));
  app.onError(errorHandler(logger));
  return app;
}
