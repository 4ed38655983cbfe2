import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { serve } from '@hono/node-server';
import { createApp, DEFAULT_WEB_DIST } from './app.ts';
import { publishAuditHead, warnIfOwnsAuditTable } from './audit/audit-head.ts';
import { capabilitiesFor } from './capabilities.ts';
import { dashboardJobHandlers, ensureDashboardJobs } from './dashboard/dashboard.jobs.ts';
import { connectDidit } from './didit-connection.ts';
import type { Clock } from './platform/clock.ts';
import type { Config } from './platform/config.ts';
import { AdvisoryLeader } from './platform/db/advisory-leader.ts';
import { createDatabase, type Database } from './platform/db/database.ts';
import { DatabaseClock } from './platform/db/database-clock.ts';
import { migrateToLatest } from './platform/db/migrate.ts';
import {
  closeGracefully,
  DEFAULT_SERVER_TIMEOUTS,
  type ServerTimeouts,
  serverTimeoutOptions,
} from './platform/http/timeouts.ts';
import { jobQueueReadings } from './platform/jobs/jobs.repository.ts';
import { JobWorker } from './platform/jobs/worker.ts';
import type { Logger } from './platform/logger.ts';
import { createMetrics } from './platform/metrics/metrics.ts';
import { hasAnySession } from './sessions/sessions.repository.ts';
import { BatchRunner } from './sharing/batch-runner.ts';
import { ensurePeriodicJobs, syncJobHandlers } from './sync/sync.jobs.ts';
import { ensureInitialUsers } from './users/initial-users.ts';
import { WebhookRejections } from './webhooks/rejections.ts';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  /** Stops accepting, lets in-flight requests finish, then releases jobs and the database. */
  close(): Promise<void>;
}

/** Everything main.ts does after reading the environment; fault tests and benchmarks start it too. */
export async function startServer(
  config: Config,
  logger: Logger,
  options: { clock?: Clock; timeouts?: ServerTimeouts } = {},
): Promise<RunningServer> {
  if (config.database.migrationUrl && config.database.url) {
    const owner = await createDatabase({ url: config.database.migrationUrl, poolSize: 1 });
    try {
      await migrateToLatest(owner.db);
    } finally {
      await owner.close();
    }
  }
  const database = await createDatabase({ url: config.database.url, dataDir: config.database.dataDir });
  if (!config.database.migrationUrl) await migrateToLatest(database.db);
  // The database's time, not this host's: replicas on hosts whose clocks disagree still agree on leases,
  // claim expiry, sign-in locks and session timeouts. A test may inject its own clock.
  const dbClock = options.clock ? undefined : await new DatabaseClock(database.db).start();
  const clock: Clock = options.clock ?? dbClock!;
  const can = capabilitiesFor(config);
  try {
    await ensureInitialUsers(database.db, config.auth, can, logger, clock);
  } catch (err) {
    dbClock?.stop();
    await database.close();
    throw err;
  }

  const metrics = createMetrics({ replica: config.server.instanceName ?? `${hostname()}:${process.pid}` });
  const gaugesLeader = new AdvisoryLeader(database, 'console:metrics:database-gauges');
  metrics.exportDatabaseGaugesWhen(() => gaugesLeader.isLeader());
  await warnIfOwnsAuditTable(database.db, logger);
  const auditHead = publishAuditHead({ db: database.db, logger, metrics });
  await auditHead.logNow();
  const diditConn = await connectDidit({ config, logger, clock, metrics, database });
  const worker = new JobWorker({
    db: database.db,
    clock,
    logger,
    handlers: {
      ...syncJobHandlers(
        { db: database.db, clock, didit: diditConn.didit },
        { reconcileIntervalSeconds: config.jobs.reconcileIntervalSeconds },
      ),
      ...dashboardJobHandlers({ db: database.db, clock }),
    },
  });
  metrics.jobs.addSource(() => jobQueueReadings(database.db, clock.now()));
  const webhookRejections = new WebhookRejections(database.db, clock, logger);
  const batchRunner = new BatchRunner({ db: database.db, clock, logger, ownerId: worker.workerId });
  const app = createApp({
    config,
    capabilities: can,
    database,
    clock,
    logger,
    webDist: DEFAULT_WEB_DIST,
    metrics,
    didit: diditConn.didit,
    ownDiditApplication: diditConn.ownApplication,
    webhookSecret: diditConn.webhookSecret,
    webhookRejections,
    pokeJobs: () => worker.poke(),
    batchRunner,
  });
  const timeouts = options.timeouts ?? DEFAULT_SERVER_TIMEOUTS;
  const server = serve({
    fetch: app.fetch,
    port: config.server.port,
    hostname: config.server.host,
    serverOptions: serverTimeoutOptions(timeouts),
  });
  // Not every Node 20 accepts this one as a createServer option; the property works everywhere.
  (server as import('node:http').Server).keepAliveTimeout = timeouts.keepAliveTimeoutMs;
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.server.host}:${port}`;
  logger.info(
    { url, embeddedDatabase: database.embedded, sandbox: config.didit.sandbox },
    'console listening',
  );

  await diditConn.registerWebhook(`${url}/webhooks/didit`);
  await ensurePeriodicJobs(database.db, clock.now());
  await ensureDashboardJobs(database.db, clock.now());
  worker.start();
  batchRunner.start();
  webhookRejections.start();
  const sandbox = diditConn.sandbox;
  if (sandbox && config.sandboxSeed && !(await hasAnySession(database.db))) {
    // Fills the console through the real intake: signed webhooks to the URL registered above.
    sandbox.seedDemo({ application: 'console', partnerApplication: 'partner' }).then(
      () => logger.info('sandbox demo sessions seeded'),
      (err: unknown) =>
        logger.warn({ err: { message: (err as Error).message } }, 'sandbox demo seeding failed'),
    );
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    database,
    close() {
      closing ??= (async () => {
        // Jobs do not wait for HTTP to drain: their leases are released even if a client is slow.
        await Promise.all([
          closeGracefully(server as import('node:http').Server),
          worker.stop(),
          batchRunner.stop(),
        ]);
        await webhookRejections.stop();
        await auditHead.check().catch(() => {});
        auditHead.stop();
        await diditConn.close();
        dbClock?.stop();
        await gaugesLeader.close();
        await database.close();
      })();
      return closing;
    },
  };
}
