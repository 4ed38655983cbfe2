import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type ChainEntry, type ChainVerdict, chainVerifier } from './audit.chain.ts';
import { entryFromCsv, parseCsv } from './audit.csv.ts';

export interface FileVerdict extends ChainVerdict {
  /** The first broken entry as found in the file (null when the line could not be read at all). */
  broken_entry?: ChainEntry | null;
  /**
   * With an expected head (kept from the console's published head): `ok` when the file holds that entry
   * with that hash, `missing` when the file ends before it (a cut-off tail), `mismatch` when it differs.
   */
  expected_head?: 'ok' | 'missing' | 'mismatch';
}

export interface ExpectedHead {
  seq: number;
  hash: string;
}

/** `<seq>:<hash>` as the console publishes it; undefined when malformed. */
export function parseExpectedHead(text: string): ExpectedHead | undefined {
  const m = /^(\d{1,18}):([0-9a-f]{64})$/i.exec(text.trim());
  return m ? { seq: Number(m[1]), hash: m[2]!.toLowerCase() } : undefined;
}

function withExpectation(verdict: FileVerdict, expect: ExpectedHead | undefined, seen: string | undefined) {
  if (!expect) return verdict;
  const expected_head = seen === undefined ? 'missing' : seen === expect.hash ? 'ok' : 'mismatch';
  return { ...verdict, expected_head } satisfies FileVerdict;
}

/** Checks an export (`GET /api/audit/export`, JSONL or CSV) offline, with the server's own hash code. */
export async function verifyExportFile(file: string, expect?: ExpectedHead): Promise<FileVerdict> {
  return /\.csv$/i.test(file) ? verifyCsv(file, expect) : verifyJsonl(file, expect);
}

/**
 * Feeds a file's entries to the chain verifier one by one, and remembers what the verdict reports besides
 * the chain: the first entry that broke it, and the hash the file holds at the expected head.
 */
function fileVerifier(expect: ExpectedHead | undefined) {
  const verifier = chainVerifier();
  let seen: string | undefined;
  let brokenEntry: ChainEntry | null | undefined;
  return {
    /** One entry as read; `malformedSeq` when it is not a readable entry (its seq, or minus its line). */
    add(entry: ChainEntry | undefined, malformedSeq?: number) {
      const wasOk = verifier.result().ok;
      if (!entry || malformedSeq !== undefined) verifier.markMalformed(malformedSeq ?? 0);
      else {
        verifier.push(entry);
        if (expect && entry.seq === expect.seq) seen = String(entry.hash).toLowerCase();
      }
      if (wasOk && !verifier.result().ok) brokenEntry = entry ?? null;
    },
    verdict(): FileVerdict {
      const verdict = verifier.result();
      return withExpectation(
        brokenEntry === undefined ? verdict : { ...verdict, broken_entry: brokenEntry },
        expect,
        seen,
      );
    },
  };
}

function tryRead(read: () => ChainEntry): ChainEntry | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

async function verifyJsonl(file: string, expect?: ExpectedHead): Promise<FileVerdict> {
  const verifier = fileVerifier(expect);
  let lineNo = 0;
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const entry = tryRead(() => JSON.parse(line) as ChainEntry);
    const readable = entry && typeof entry.seq === 'number' && typeof entry.hash === 'string';
    verifier.add(entry, readable ? undefined : typeof entry?.seq === 'number' ? entry.seq : -lineNo);
  }
  return verifier.verdict();
}

async function verifyCsv(file: string, expect?: ExpectedHead): Promise<FileVerdict> {
  const rows = parseCsv(await readFile(file, 'utf8'));
  const header = rows.shift() ?? [];
  const verifier = fileVerifier(expect);
  rows.forEach((fields, k) => {
    const entry = tryRead(() => entryFromCsv(header, fields));
    verifier.add(entry, entry && Number.isInteger(entry.seq) ? undefined : -(k + 2));
  });
  return verifier.verdict();
}
