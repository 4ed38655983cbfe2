import { ConfigError, parseConfig } from './platform/config.ts';
import { createLogger } from './platform/logger.ts';
import { startServer } from './server.ts';
import { DemoPasswordError } from './users/initial-users.ts';

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Configuration error: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

const logger = createLogger(config.log.level);
let running: Awaited<ReturnType<typeof startServer>>;
try {
  running = await startServer(config, logger);
} catch (err) {
  if (err instanceof DemoPasswordError) {
    console.error(`Start-up refused: ${err.message}`);
    process.exit(1);
  }
  throw err;
}

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 25_000);
    force.unref();
    running.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(
          { err: { message: err instanceof Error ? err.message : String(err) } },
          'shutdown failed',
        );
        process.exit(1);
      },
    );
  });
}
