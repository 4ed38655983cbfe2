import { parseArgs } from 'node:util';
import { parseConfig } from '../platform/config.ts';
import { createDatabase } from '../platform/db/database.ts';
import { migrationStatus } from '../platform/db/migrate.ts';
import { rebuildSessions } from '../sessions/rebuild.ts';

/**
 * `pnpm rebuild-sessions [--compare-documents]`: recomputes the sessions table from the event log and prints
 * the figures. By default a stored decision or metadata document counts as equal to the fold when it was taken
 * from the same event; `--compare-documents` compares contents too (after editing documents in the table by
 * hand, or changing how one is taken from its event), reading every decision twice.
 */
let compareDocuments = false;
try {
  const { values } = parseArgs({ options: { 'compare-documents': { type: 'boolean', default: false } } });
  compareDocuments = values['compare-documents'];
} catch (err) {
  console.error(`${(err as Error).message}; usage: pnpm rebuild-sessions [--compare-documents]`);
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
      compareDocuments,
      onProgress: (n) => process.stderr.write(`\r${n} sessions rebuilt`),
    });
    process.stderr.write('\n');
    console.log(
      JSON.stringify({
        sessions: r.sessions,
        rewritten: r.rewritten,
        events: r.events,
        removed: r.removed,
        seconds: Math.round(r.seconds * 100) / 100,
        events_per_second: r.seconds > 0 ? Math.round(r.events / r.seconds) : null,
      }),
    );
  }
} finally {
  await database.close();
}
