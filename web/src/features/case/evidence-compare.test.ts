import { describe, expect, it } from 'vitest';
import { clampView, compareIdentity, HOME, normalise, panBy, zoomBy } from './evidence-compare.ts';

const NOW = new Date('2026-12-07T00:00:00Z');

const ocr = {
  node_id: 'feature_ocr',
  first_name: 'José',
  last_name: 'García López',
  full_name: 'José García López',
  date_of_birth: '1988-04-02',
  document_number: 'X1234567',
  personal_number: '12345678Z',
  expiration_date: '2031-05-01',
  nationality: 'ESP',
  gender: 'M',
};
const chip = {
  node_id: 'feature_nfc',
  chip_data: {
    name: 'JOSE',
    surname: 'GARCIA<LOPEZ',
    birth_date: '880402',
    document_number: 'X1234567',
    expiry_date: '2031-05-01',
    nationality: 'ESP',
    sex: 'M',
  },
};
const database = (verdicts: Record<string, string>, source: Record<string, string> = {}) => ({
  node_id: 'feature_database_validation',
  validations: [
    {
      validation: verdicts,
      source_data: {
        full_name: 'José García López',
        date_of_birth: '1988-04-02',
        identification_number: '12345678Z',
        ...source,
      },
    },
  ],
});

const row = (c: ReturnType<typeof compareIdentity>, key: string) => c.rows.find((r) => r.key === key)!;

describe('compareIdentity', () => {
  it('agrees when the sources read the same person, whatever the case, accents, MRZ fillers or date form', () => {
    const c = compareIdentity(
      {
        id_verifications: [ocr],
        nfc_verifications: [chip],
        database_validations: [
          database({
            full_name: 'full_match',
            date_of_birth: 'full_match',
            identification_number: 'full_match',
          }),
        ],
      },
      NOW,
    );
    expect(c.sources).toEqual(['ocr', 'chip', 'database']);
    expect(c.rows.filter((r) => r.disagree)).toEqual([]);
    expect(row(c, 'date_of_birth').cells.chip).toEqual({ value: '880402', differs: false });
    expect(row(c, 'full_name').cells.chip).toBeNull();
  });

  it('marks the sources that read a different value, and only those', () => {
    const c = compareIdentity(
      {
        id_verifications: [{ ...ocr, document_number: 'X1234568' }],
        nfc_verifications: [chip],
      },
      NOW,
    );
    const doc = row(c, 'document_number');
    expect(doc.disagree).toBe(true);
    expect(doc.cells.ocr).toEqual({ value: 'X1234568', differs: true });
    expect(doc.cells.chip).toEqual({ value: 'X1234567', differs: true });
    expect(row(c, 'nationality').disagree).toBe(false);
    expect(c.sources).toEqual(['ocr', 'chip']);
  });

  it('flags a field the database did not fully match, even when its copy reads the same', () => {
    const c = compareIdentity(
      {
        id_verifications: [ocr],
        database_validations: [database({ full_name: 'full_match', date_of_birth: 'no_match' })],
      },
      NOW,
    );
    const dob = row(c, 'date_of_birth');
    expect(dob.verdict).toBe('no_match');
    expect(dob.disagree).toBe(true);
    expect(dob.cells.database?.differs).toBe(true);
    expect(dob.cells.ocr?.differs).toBe(false);
    expect(row(c, 'full_name').disagree).toBe(false);
  });

  it('a partial match is a disagreement too; a different registry value marks both readings', () => {
    const c = compareIdentity(
      {
        id_verifications: [ocr],
        database_validations: [database({ full_name: 'partial_match' }, { full_name: 'Jose Garcia' })],
      },
      NOW,
    );
    const name = row(c, 'full_name');
    expect(name.disagree).toBe(true);
    expect(name.cells.ocr?.differs).toBe(true);
    expect(name.cells.database).toEqual({ value: 'Jose Garcia', differs: true });
  });

  it('lists nothing for a decision without identity evidence (a KYB case)', () => {
    expect(compareIdentity({ registry_checks: [{ status: 'Approved' }] }, NOW)).toEqual({
      sources: [],
      rows: [],
    });
  });
});

describe('normalise', () => {
  it.each([
    ['name', 'Müller  Anna', 'MULLER ANNA'],
    ['name', 'MUELLER<<ANNA', 'MUELLER ANNA'],
    ['code', 'x-123 45', 'X12345'],
  ] as const)('%s %s → %s', (kind, input, out) => {
    expect(normalise(kind, input, NOW)).toBe(out);
  });

  // An MRZ year above this year's two digits (NOW: 2026) is last century; a date-time keeps its date.
  it.each([
    ['880402', '1988-04-02'],
    ['250101', '2025-01-01'],
    ['1988-04-02T00:00:00Z', '1988-04-02'],
  ])('date %s → %s', (input, out) => {
    expect(normalise('date', input, NOW)).toBe(out);
  });
});

describe('synced view', () => {
  it('zooms within 1×–5× and never pans an image out of its pane', () => {
    expect(zoomBy(HOME, 0.5)).toEqual(HOME);
    expect(zoomBy(HOME, 100).zoom).toBe(5);
    expect(panBy(HOME, 0.3, 0)).toEqual(HOME);
    const z2 = zoomBy(HOME, 2);
    expect(panBy(z2, 0.3, -0.9)).toEqual({ zoom: 2, x: 0.3, y: -0.5 });
    // Zooming back out pulls the image back inside.
    expect(clampView({ zoom: 1.5, x: 0.5, y: -0.5 })).toEqual({ zoom: 1.5, x: 0.25, y: -0.25 });
  });
});
