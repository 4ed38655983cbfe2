import { describe, expect, it } from 'vitest';
import { installTestCatalog } from '../../i18n/testing.ts';
import { reasonLabel } from './reason-label.ts';

describe('reasonLabel', () => {
  it("shows a reason code in the active language, and the server's label for a code the web does not know", () => {
    installTestCatalog('sw');
    expect(reasonLabel('UNDERAGE', 'Below the minimum age')).toBe('Chini ya umri wa chini unaoruhusiwa');
    expect(reasonLabel('A_NEW_CODE', 'A new reason')).toBe('A new reason');
    installTestCatalog('en');
    expect(reasonLabel('UNDERAGE', 'whatever the server says')).toBe('Below the minimum age');
  });
});
