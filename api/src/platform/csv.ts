/**
 * The one rule for cells a spreadsheet would run as a formula (CSV injection), shared by every CSV the
 * console writes: a cell starting with = + - @ tab or carriage return (OWASP's list), or with their
 * full-width forms ＝ ＋ － ＠ (which spreadsheets in East Asian locales also evaluate), gets a leading `'`.
 * A cell that already starts with `'` gets one too, so the guard can be undone exactly (`unguardFormula`):
 * the audit export is read back by the offline verifier.
 */
const FORMULA_TRIGGERS = ['=', '+', '-', '@', '\t', '\r', '\uff1d', '\uff0b', '\uff0d', '\uff20'] as const;

const startsWithTrigger = (s: string) => (FORMULA_TRIGGERS as readonly string[]).includes(s.charAt(0));

export function guardFormula(s: string): string {
  return startsWithTrigger(s) || s.startsWith("'") ? `'${s}` : s;
}

/** The inverse of `guardFormula`: `unguardFormula(guardFormula(s)) === s` for every string. */
export function unguardFormula(s: string): string {
  const rest = s.slice(1);
  return s.startsWith("'") && (startsWithTrigger(rest) || rest.startsWith("'")) ? rest : s;
}
