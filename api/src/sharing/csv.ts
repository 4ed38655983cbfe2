/**
 * RFC 4180 fields, and a leading quote on anything a spreadsheet would run as a formula (=, +, -, @, tab,
 * carriage return): vendor ids and notes are typed by people, and the file is opened in Excel.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let s = value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}
