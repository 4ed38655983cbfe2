import { parseArgs } from 'node:util';
import { type ExpectedHead, parseExpectedHead, verifyExportFile } from '../audit/audit-verify.ts';

/**
 * `pnpm audit:verify [--expect-head <seq>:<hash>] FILE`: checks an audit export (JSONL or .csv) offline,
 * without the server or its database. With `--expect-head` (a head the console published: its `audit head`
 * log line or the `console_audit_head_seq` metric), the export must also hold that entry: a chain whose tail
 * was cut off verifies on its own, but not against a head kept elsewhere.
 * Exit 0: the chain holds; 1: broken or cut off (the first broken entry is printed); 2: unreadable/usage.
 * A negative seq in the output is a line number of a line that could not be parsed.
 */
const usage =
  'usage: pnpm audit:verify [--expect-head <seq>:<hash>] FILE   (an export from GET /api/audit/export?format=jsonl|csv)';
let file: string | undefined;
let expect: ExpectedHead | undefined;
try {
  const { values, positionals } = parseArgs({
    options: { 'expect-head': { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new Error(usage);
  file = positionals[0];
  if (values['expect-head'] !== undefined) {
    expect = parseExpectedHead(values['expect-head']);
    if (!expect) throw new Error('--expect-head: expected <seq>:<64 hex characters>');
  }
} catch (err) {
  console.error(err instanceof Error && err.message !== usage ? `${err.message}\n${usage}` : usage);
  process.exit(2);
}

try {
  const verdict = await verifyExportFile(file!, expect);
  if (verdict.ok && verdict.expected_head === 'missing') {
    console.log(
      `CUT OFF: the export ends at seq ${verdict.head?.seq ?? 0} but the published head is seq ${expect!.seq}; entries after it were removed`,
    );
    process.exit(1);
  }
  if (verdict.ok && verdict.expected_head === 'mismatch') {
    console.log(`BROKEN: entry seq ${expect!.seq} does not have the published head's hash`);
    process.exit(1);
  }
  if (verdict.ok) {
    const head = verdict.head ? `head seq ${verdict.head.seq} hash ${verdict.head.hash}` : 'empty log';
    const matched = verdict.expected_head === 'ok' ? `, holds the expected head seq ${expect!.seq}` : '';
    console.log(`OK: ${verdict.entries} entries, chain intact, ${head}${matched}`);
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
