import { parseArgs } from 'node:util';
import { parseConfig } from '../platform/config.ts';
import { createDatabase } from '../platform/db/database.ts';
import { migrationStatus } from '../platform/db/migrate.ts';
import { rebuildSessions } from '../sessions/rebuild.ts';

/**
 * `pnpm rebuild-sessions`: recomputes the sessions table from the event log and prints the figures. (The
 * decision and metadata are not copied into `sessions`, so there is no document content to compare.)
 */
try {
  parseArgs({ options: {} });
} catch (err) {
  console.error(`${(err as Error).message}; usage: pnpm rebuild-sessions`);
  process.exit(2);
}
const config = parseConfig(process.env);
const database = await createDatabase({ url: config.database.url, dataDir: config.database.dataDir });
try {
  const { pending } = await migrationStatus(database.db);
  if (pending > 0) {
    console.error(`${pending} migration(s) pending: run \`pnpm migrate\` first`);
    process.exitCode = 1;
  } else {
    const r = await rebuildSessions(database.db, {
      onProgress: (n) => process.stderr.write(`\r${n} sessions rebuilt`),
    });
    process.stderr.write('\n');
    console.log(
      JSON.stringify({
        sessions: r.sessions,
        rewritten: r.rewritten,
        events: r.events,
        removed: r.removed,
        from_empty: r.fromEmpty,
        indexes_built: r.indexes,
        index_seconds: Math.round(r.indexSeconds * 100) / 100,
        seconds: Math.round(r.seconds * 100) / 100,
        events_per_second: r.seconds > 0 ? Math.round(r.events / r.seconds) : null,
      }),
    );
  }
} finally {
  await database.close();
}
