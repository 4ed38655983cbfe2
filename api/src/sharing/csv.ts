import { guardFormula } from '../platform/csv.ts';

/**
 * RFC 4180 fields, and a leading quote on anything a spreadsheet would run as a formula (`guardFormula`):
 * vendor ids and notes are typed by people, and the file is opened in Excel.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = guardFormula(value instanceof Date ? value.toISOString() : String(value));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
