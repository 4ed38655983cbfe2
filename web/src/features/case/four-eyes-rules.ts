import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';

/** The server's four-eyes rule ids (FOUR_EYES_RULES, api/src/platform/config.ts) as a second reviewer reads them. */
const RULES: Record<string, MessageKey> = {
  approve_with_confirmed_aml: 'case.four_eyes.approve_with_confirmed_aml',
  overturn_decline: 'case.four_eyes.overturn_decline',
};

/** A rule id in the console's language; one the catalog does not know yet as its own words. */
export function ruleText(rule: string): string {
  const key = RULES[rule];
  return key ? translate(key) : rule.replace(/_/g, ' ');
}
