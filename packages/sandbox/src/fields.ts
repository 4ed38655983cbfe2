import { fieldError } from './http.ts';

// Request fields read as Didit's DRF serializers read them, refused with the same per-field messages.

/** DRF's required `ChoiceField`: the value, or the field error Didit answers. */
export function requiredChoice<T extends string>(
  body: Record<string, unknown>,
  field: string,
  choices: readonly T[],
): T {
  const v = body[field];
  if (v === undefined || v === null) throw fieldError(field, 'This field is required.');
  if (typeof v !== 'string' || !(choices as readonly string[]).includes(v)) {
    throw fieldError(field, `"${String(v)}" is not a valid choice.`);
  }
  return v as T;
}

/** DRF's optional, nullable `CharField` (with `max_length` when given): the string, or null when absent. */
export function optionalString(
  body: Record<string, unknown>,
  field: string,
  maxLength?: number,
): string | null {
  const v = body[field];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw fieldError(field, 'Not a valid string.');
  if (maxLength !== undefined && v.length > maxLength) {
    throw fieldError(field, `Ensure this field has no more than ${maxLength} characters.`);
  }
  return v;
}
