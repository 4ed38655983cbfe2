import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type ChainEntry, type ChainVerdict, chainVerifier } from './audit.chain.ts';
import { entryFromCsv, parseCsv } from './audit.csv.ts';

export interface FileVerdict extends ChainVerdict {
  /** The first broken entry as found in the file (null when the line could not be read at all). */
  broken_entry?: ChainEntry | null;
}

/** Checks an export (`GET /api/audit/export`, JSONL or CSV) offline, with the server's own hash code. */
export async function verifyExportFile(file: string): Promise<FileVerdict> {
  return /\.csv$/i.test(file) ? verifyCsv(file) : verifyJsonl(file);
}

async function verifyJsonl(file: string): Promise<FileVerdict> {
  const verifier = chainVerifier();
  let brokenEntry: ChainEntry | null | undefined;
  let lineNo = 0;
  const lines = createInterface({
    input: createReadStream(file, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) {
    lineNo++;
    if (line.trim() === '') continue;
    const wasOk = verifier.result().ok;
    let entry: ChainEntry | undefined;
    try {
      entry = JSON.parse(line) as ChainEntry;
    } catch {
      entry = undefined;
    }
    if (!entry || typeof entry.seq !== 'number' || typeof entry.hash !== 'string') {
      verifier.markMalformed(typeof entry?.seq === 'number' ? entry.seq : -lineNo);
    } else verifier.push(entry);
    if (wasOk && !verifier.result().ok) brokenEntry = entry ?? null;
  }
  const verdict = verifier.result();
  return brokenEntry === undefined ? verdict : { ...verdict, broken_entry: brokenEntry };
}

async function verifyCsv(file: string): Promise<FileVerdict> {
  const rows = parseCsv(await readFile(file, 'utf8'));
  const header = rows.shift() ?? [];
  const verifier = chainVerifier();
  let brokenEntry: ChainEntry | null | undefined;
  rows.forEach((fields, k) => {
    const wasOk = verifier.result().ok;
    let entry: ChainEntry | undefined;
    try {
      entry = entryFromCsv(header, fields);
    } catch {
      entry = undefined;
    }
    if (!entry || !Number.isInteger(entry.seq)) verifier.markMalformed(-(k + 2));
    else verifier.push(entry);
    if (wasOk && !verifier.result().ok) brokenEntry = entry ?? null;
  });
  const verdict = verifier.result();
  return brokenEntry === undefined ? verdict : { ...verdict, broken_entry: brokenEntry };
}
