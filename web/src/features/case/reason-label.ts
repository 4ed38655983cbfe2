import { familyKey, termText } from '../../i18n/terms.ts';

/**
 * A decision reason code in the person's language. The codes are the API's stable catalogue
 * (`GET /api/review/reason-codes`); their words live in the `case.reason.<CODE>` messages, looked up by the
 * code. A code the web does not know yet shows the server's English label.
 */
const REASONS = 'case.reason.*';

export function reasonLabel(code: string, serverLabel: string): string {
  return termText(familyKey(REASONS, code), code, serverLabel).label;
}
