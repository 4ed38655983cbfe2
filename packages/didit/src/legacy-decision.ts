/**
 * The decision's older shape, sent to webhook destinations registered with `webhook_version` `v1` or `v2`
 * (docs/didit.md §3.1, §3.6): one object per feature under a singular key instead of v3's plural arrays (one
 * entry per workflow node). Didit's pages name `id_verification`, `nfc` and `liveness` as such keys; the
 * other singular names below follow the same pattern and are UNCONFIRMED. The console registers `v3` and
 * never reads these keys: a decision in this shape is not trusted, the session's decision is fetched instead.
 */
const LEGACY_SINGULAR_KEYS = {
  id_verifications: 'id_verification',
  nfc_verifications: 'nfc',
  liveness_checks: 'liveness',
  face_matches: 'face_match',
  poa_verifications: 'poa',
  phone_verifications: 'phone',
  email_verifications: 'email',
  aml_screenings: 'aml',
  ip_analyses: 'ip_analysis',
  database_validations: 'database_validation',
} as const;

type Json = Record<string, unknown>;

/** The v1/v2 decision: each plural array replaced by its first entry (or null) under the singular key. */
export function toLegacyDecision(decision: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(decision)) {
    const singular = LEGACY_SINGULAR_KEYS[key as keyof typeof LEGACY_SINGULAR_KEYS];
    if (singular === undefined) out[key] = value;
    else out[singular] = Array.isArray(value) ? (value[0] ?? null) : value;
  }
  return out;
}

/** A decision in the older shape: a singular feature key and none of the plural arrays. */
export function isLegacyDecision(decision: Json): boolean {
  const plural = Object.keys(LEGACY_SINGULAR_KEYS).some((k) => Array.isArray(decision[k]));
  if (plural) return false;
  return Object.values(LEGACY_SINGULAR_KEYS).some((k) => k in decision);
}
