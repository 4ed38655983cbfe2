import { describe, expect, it } from 'vitest';
import { mediaLabel } from '../features/case/media-label.ts';
import { familyKey, termText } from './terms.ts';
import { installTestCatalog } from './testing.ts';

describe('termText: a code in the catalog’s words, the raw code on hover', () => {
  it('finds a code in a looked-up family only when the active catalog has it', () => {
    installTestCatalog('sw');
    expect(familyKey('case.reason.*', 'UNDERAGE')).toBe('case.reason.UNDERAGE');
    expect(familyKey('case.reason.*', 'A_NEW_CODE')).toBeUndefined();
    expect(familyKey('case.reason.*', '')).toBeUndefined();
    expect(familyKey('case.reason.*', null)).toBeUndefined();
  });

  it('names a known code in the catalog’s words and an unknown one by the fallback, both with the raw code', () => {
    installTestCatalog('sw');
    expect(termText(familyKey('case.reason.*', 'UNDERAGE'), 'UNDERAGE', 'Below the minimum age')).toEqual({
      label: 'Chini ya umri wa chini unaoruhusiwa',
      title: 'Didit: UNDERAGE',
      known: true,
    });
    expect(termText(undefined, 'A_NEW_CODE', 'A new reason')).toEqual({
      label: 'A new reason',
      title: 'Didit: A_NEW_CODE',
      known: false,
    });
    expect(termText(undefined, '  ', 'x').title).toBeUndefined();
  });

  it("names an image by its kind in the person's language, and by the server's label for a kind it does not know", () => {
    installTestCatalog('sw');
    expect(mediaLabel({ key: 'portrait-0', label: 'Portrait' })).toBe('Picha ya uso');
    expect(mediaLabel({ key: 'hologram-2', label: 'Hologram' })).toBe('Hologram');
    installTestCatalog('en');
    expect(mediaLabel({ key: 'document_front-1', label: 'whatever the server says' })).toBe('Document front');
  });
});
