import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { systemClock } from '../platform/clock.ts';
import { ConfigError, parseConfig, ROLES, type Role } from '../platform/config.ts';
import { createDatabase } from '../platform/db/database.ts';
import { migrateToLatest } from '../platform/db/migrate.ts';
import { AppError } from '../platform/errors.ts';
import { createUser } from '../users/users.service.ts';

/**
 * `pnpm user:create --email you@example.com --name "You" --roles admin[,auditor] --password-stdin`
 *
 * The password is read from standard input (first line), never from argv (visible in `ps` and shell
 * history) and never printed. Without --password-stdin on a terminal it is prompted for, unechoed.
 * With the embedded database, stop the server first (one process owns DATA_DIR).
 */
const usage =
  'usage: pnpm user:create --email EMAIL --name NAME --roles admin,reviewer,partner_manager,auditor [--password-stdin]';

async function readPassword(fromStdin: boolean): Promise<string> {
  if (!fromStdin && !process.stdin.isTTY)
    throw new Error('pass the password on standard input with --password-stdin');
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  process.stderr.write('Password (not shown): ');
  // Mute the echo: readline writes typed characters through _writeToOutput.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => {};
  const answer = await new Promise<string>((resolve) => rl.question('', resolve));
  rl.close();
  process.stderr.write('\n');
  return answer;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
    },
    strict: true,
  });
  if (!values.email || !values.name || !values.roles) {
    console.error(usage);
    return 2;
  }
  const roles = values.roles.split(',').map((r) => r.trim());
  const unknown = roles.filter((r) => !(ROLES as readonly string[]).includes(r));
  if (unknown.length || roles.length === 0) {
    console.error(`unknown role(s): ${unknown.join(', ')} (expected ${ROLES.join(', ')})`);
    return 2;
  }
  const password = await readPassword(values['password-stdin']);
  const config = parseConfig(process.env);
  const database = await createDatabase({ url: config.database.url, dataDir: config.database.dataDir });
  try {
    if (!config.database.migrationUrl) await migrateToLatest(database.db);
    const user = await createUser(
      { db: database.db, clock: systemClock },
      { email: values.email, name: values.name, roles: roles as Role[], password },
      { actor: { id: null, label: 'cli:user:create' }, requestId: null, ip: null, userAgent: null },
    );
    console.log(JSON.stringify({ id: user.id, email: user.email, roles: user.roles }));
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof ConfigError || err instanceof AppError || err instanceof Error) {
      console.error(`user:create: ${err.message}`);
    }
    process.exit(1);
  },
);
