/** Pure helpers that turn an audit entry into what a person reads: who, and what changed. */

export interface Person {
  name: string;
  email: string;
}

export interface Change {
  key: string;
  before: string;
  after: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A value as text, with user ids replaced by the person's name. */
function showValue(value: unknown, people: Record<string, Person>): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return UUID.test(value) && people[value] ? people[value].name : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length ? value.map((v) => showValue(v, people)).join(', ') : '—';
  return JSON.stringify(value);
}

const asRecord = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/**
 * Field by field, what an entry's `before` and `after` say changed: keys whose value differs, in the order
 * they first appear. A key only in `after` was set; one only in `before` was cleared.
 */
export function changesOf(before: unknown, after: unknown, people: Record<string, Person> = {}): Change[] {
  const b = asRecord(before);
  const a = asRecord(after);
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ key: k, before: showValue(b[k], people), after: showValue(a[k], people) }));
}

/** `details` as label/value pairs for the expanded row. */
export function detailPairs(details: unknown, people: Record<string, Person> = {}): [string, string][] {
  return Object.entries(asRecord(details)).map(([k, v]) => [k, showValue(v, people)]);
}
