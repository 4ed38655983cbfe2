import { guardFormula, unguardFormula } from '../platform/csv.ts';
import { CHAIN_FIELDS, type ChainEntry } from './audit.chain.ts';

/**
 * CSV export that the offline verifier can read back exactly:
 * - RFC 4180 quoting; NULL is an empty unquoted field, an empty string is `""`;
 * - JSON columns (before, after, details) hold JSON text;
 * - a cell that a spreadsheet would run as a formula gets a leading `'` (`guardFormula`, shared with every
 *   CSV the console writes), which the verifier strips again, so a hostile user agent cannot become a formula.
 */
const JSON_FIELDS = new Set(['before', 'after', 'details']);

function cell(v: string | null): string {
  if (v === null) return '';
  return `"${guardFormula(v).replaceAll('"', '""')}"`;
}

export const CSV_HEADER = `${CHAIN_FIELDS.join(',')}\r\n`;

export function csvLine(e: ChainEntry): string {
  return `${CHAIN_FIELDS.map((f) => {
    const v = e[f];
    if (f === 'seq') return String(v);
    if (JSON_FIELDS.has(f)) return cell(v === null || v === undefined ? null : JSON.stringify(v));
    return cell(v as string | null);
  }).join(',')}\r\n`;
}

/** Parses the export back: each field is its text, or null for an empty unquoted field. */
export function parseCsv(text: string): (string | null)[][] {
  const rows: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    let value: string | null;
    if (text[i] === '"') {
      let out = '';
      i++;
      for (;;) {
        if (i >= n) throw new Error('unterminated quoted field');
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            out += '"';
            i += 2;
          } else {
            i++;
            break;
          }
        } else {
          out += ch;
          i++;
        }
      }
      value = unguardFormula(out);
    } else {
      let j = i;
      while (j < n && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') j++;
      const raw = text.slice(i, j);
      value = raw === '' ? null : raw;
      i = j;
    }
    row.push(value);
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      rows.push(row);
      row = [];
    }
  }
  if (row.length) rows.push(row);
  return rows;
}

export function entryFromCsv(header: (string | null)[], fields: (string | null)[]): ChainEntry {
  const get = (name: string) => {
    const k = header.indexOf(name);
    if (k < 0) throw new Error(`missing column ${name}`);
    return fields[k] ?? null;
  };
  const out: Record<string, unknown> = {};
  for (const f of CHAIN_FIELDS) {
    const v = get(f);
    if (f === 'seq') out.seq = Number(v);
    else if (JSON_FIELDS.has(f)) out[f] = v === null ? null : JSON.parse(v);
    else out[f] = v;
  }
  return out as unknown as ChainEntry;
}
