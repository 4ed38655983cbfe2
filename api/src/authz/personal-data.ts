import { FULL_PERSONAL_DATA_ROLES } from '@console/contract/permissions';
import type { Role } from '../platform/config.ts';
import { rewriteJson, WALK_ON } from '../platform/json-rewrite.ts';

/**
 * Least privilege over personal data. Reviewers decide cases from the evidence, so they see all of it;
 * admins can grant themselves any role, so hiding data from them would protect nothing. Partner managers
 * (who pick sessions to share and record reliance) and auditors (who check who did what, when) work from
 * the case's identity, status, warnings and history: they get document numbers masked to their last four
 * characters, the other identifying fields (birth date, address, contact details, document images) withheld,
 * and no access to the images themselves. docs/security.md has the reasoning.
 */

export function seesFullPersonalData(roles: readonly Role[]): boolean {
  return roles.some((r) => (FULL_PERSONAL_DATA_ROLES as readonly Role[]).includes(r));
}

/** Identifying numbers: the last four characters stay, so a case can still be matched with a customer. */
const MASKED_KEYS = new Set([
  'document_number',
  'personal_number',
  'tax_number',
  'registration_number_personal',
]);

/** Fields withheld whole from restricted roles. */
const WITHHELD_KEYS = new Set([
  'date_of_birth',
  'place_of_birth',
  'address',
  'formatted_address',
  'parsed_address',
  'full_address',
  'phone',
  'phone_number',
  'email',
  'email_address',
  'ip_address',
  'mrz',
  'mrz_string',
  'barcodes',
  'extra_files',
]);
const MEDIA_KEY = /(_image|_images|_video|_videos|_file|_url)$/;

export function maskNumber(v: unknown): unknown {
  if (typeof v !== 'string' || v === '') return v;
  const tail = v.length > 4 ? v.slice(-4) : '';
  return `${'•'.repeat(Math.max(4, v.length - tail.length))}${tail}`;
}

/** A Didit document as a restricted role sees it. */
export function restrictPersonalData<T>(value: T): T {
  return rewriteJson(value, (key, v) => {
    if (key !== undefined && MASKED_KEYS.has(key)) return typeof v === 'string' ? maskNumber(v) : v;
    if (key !== undefined && (WITHHELD_KEYS.has(key) || MEDIA_KEY.test(key))) {
      return v === null || v === undefined ? v : null;
    }
    return WALK_ON;
  });
}
