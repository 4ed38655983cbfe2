import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { createApp, OPENAPI_CONFIG } from './app.ts';
import { systemClock } from './platform/clock.ts';
import { parseConfig } from './platform/config.ts';
import type { Database } from './platform/db/database.ts';
import { createLogger } from './platform/logger.ts';

/**
 * The app exactly as `createApp` composes it, built without a server or a database: declaring routes runs
 * no query, so a pool that never connects is enough. The contract (packages/contract) is generated from
 * its document, and the route-coverage test reads its route table.
 */
export function createOfflineApp() {
  const pool = new pg.Pool({ max: 1 });
  const database: Database = {
    db: new Kysely({ dialect: new PostgresDialect({ pool }) }),
    pool,
    connectionString: '',
    embedded: false,
    close: () => pool.end(),
  };
  return createApp({
    config: parseConfig({ LOG_LEVEL: 'silent' }),
    database,
    clock: systemClock,
    logger: createLogger('silent', pino.destination({ dest: '/dev/null', sync: false })),
  });
}

/** What `GET /api/openapi.json` answers. */
export function openApiDocument(app = createOfflineApp()) {
  return app.getOpenAPI31Document(OPENAPI_CONFIG);
}
