import { verifyExportFile } from './audit-verify.ts';

/**
 * `pnpm audit:verify FILE`: checks an audit export (JSONL or .csv) offline, without the server or its
 * database. Exit 0: the chain holds; 1: broken (the first broken entry is printed); 2: unreadable/usage.
 * A negative seq in the output is a line number of a line that could not be parsed.
 */
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('usage: pnpm audit:verify FILE   (an export from GET /api/audit/export?format=jsonl|csv)');
  process.exit(2);
}

try {
  const verdict = await verifyExportFile(file);
  if (verdict.ok) {
    const head = verdict.head ? `head seq ${verdict.head.seq} hash ${verdict.head.hash}` : 'empty log';
    console.log(`OK: ${verdict.entries} entries, chain intact, ${head}`);
    process.exit(0);
  }
  const b = verdict.first_broken!;
  console.log(`BROKEN: first broken entry at seq ${b.seq} (${b.reason}); ${verdict.entries} entries read`);
  console.log(JSON.stringify(verdict.broken_entry ?? null));
  process.exit(1);
} catch (err) {
  console.error(`audit:verify: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
}
