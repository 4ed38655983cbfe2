import { statusKey } from '@console/didit/statuses';
import { codeWords } from '../lib/format.ts';
import type { MessageKey } from './catalog.ts';
import { translate } from './current.ts';
import { familyKey, type TermText, termText } from './terms.ts';

/**
 * Didit's own vocabulary (docs/didit.md §4–5) in the console's languages. The catalog is the table: a raw
 * value's message is `didit.<vocabulary>.<RAW_VALUE>` in `messages/<locale>/didit.json`, the raw value
 * matched normalised (`In Review`, `IN_REVIEW`, `in-review` alike → `didit.status.IN_REVIEW`). Translating a
 * new value is adding its line to both catalogs; a value the catalog does not know yet shows as its own
 * words (or, for field names, as Didit wrote it), and every label carries the raw value for its hover text.
 *
 * Vocabularies: statuses; checks (the decision's per-feature arrays and a warning's `feature`); warning
 * `risk` codes; AML hit `datasets[]`; an AML hit's `review_status`; a User/Business entity's status; the
 * session kind; a warning's `log_type`; the decision's field names (`document_number`, `chip_data.name`); a KYB
 * company document's type (`document_type`, Didit's recognised subtypes) and a key person's `roles`
 * (docs.didit.me/business-verification/documents and …/officers).
 * check-messages counts every key under `'didit.*'` as used: these keys are looked up by Didit's values.
 */
const VOCABULARIES = 'didit.*';

export const DIDIT_VOCABULARIES = [
  'status',
  'check',
  'risk',
  'dataset',
  'amlReview',
  'entityStatus',
  'kind',
  'logType',
  'field',
  'companyDocument',
  'keyPersonRole',
] as const;

export type DiditVocabulary = (typeof DIDIT_VOCABULARIES)[number];

/**
 * Field names, document types and roles are identifiers a reviewer may search Didit's docs for: unknown ones
 * stay as written (shown as data, not as the console's words).
 */
const KEEP_RAW: ReadonlySet<DiditVocabulary> = new Set(['field', 'companyDocument', 'keyPersonRole']);

/** The message id of a raw Didit value in a vocabulary, if the catalog has it. */
export function diditKey(kind: DiditVocabulary, raw: string | null | undefined): MessageKey | undefined {
  return raw ? familyKey(VOCABULARIES, `${kind}.${statusKey(raw)}`) : undefined;
}

/** One of Didit's values as the console shows it: its translation (else its own words) and the raw value. */
export function diditTerm(kind: DiditVocabulary, raw: string | null | undefined): TermText {
  const value = (raw ?? '').trim();
  const fallback = KEEP_RAW.has(kind) ? value : codeWords(value);
  return termText(diditKey(kind, raw), raw, fallback || translate('didit.unknown'));
}

/** A raw Didit value in the console's language; unknown values as their own words (`SOME_CODE` → "Some Code"). */
export function diditLabel(kind: DiditVocabulary, raw: string | null | undefined): string {
  return diditTerm(kind, raw).label;
}
