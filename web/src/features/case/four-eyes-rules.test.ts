import { describe, expect, it } from 'vitest';
import { installTestCatalog } from '../../i18n/testing.ts';
import { ruleText } from './four-eyes-rules.ts';

describe('ruleText', () => {
  it('says why a decision waits for a second reviewer in the chosen language; unknown rules as words', () => {
    installTestCatalog('sw');
    expect(ruleText('overturn_decline')).toBe('kubatilisha kukataliwa');
    installTestCatalog('en');
    expect(ruleText('approve_with_confirmed_aml')).toBe('approving a case with a confirmed AML match');
    expect(ruleText('some_new_rule')).toBe('some new rule');
  });
});
