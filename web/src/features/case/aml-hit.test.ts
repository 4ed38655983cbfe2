import { beforeAll, describe, expect, it } from 'vitest';
import { translate } from '../../i18n/current.ts';
import { installTestCatalog } from '../../i18n/testing.ts';
import { amlHitDetail, isOpenHit, safeHref } from './aml-hit.ts';

beforeAll(() => installTestCatalog('en'));

const pepHit = {
  id: 'h1',
  url: 'https://www.opensanctions.org/entities/abc/',
  caption: 'José García',
  datasets: ['PEP'],
  match_score: 97,
  risk_score: 88,
  score: 0.97,
  first_seen: '2024-01-02T10:00:00.123456Z',
  last_seen: '2026-11-30T08:00:00Z',
  rca_name: '',
  review_status: 'Unreviewed',
  properties: {
    alias: [],
    gender: ['male'],
    position: ['Member of Parliament'],
    birthDate: ['1970-05-04'],
    nationality: ['es'],
    country: ['es'],
    topics: ['role.pep'],
    website: ['javascript:alert(1)'],
  },
  risk_view: {
    crimes: { score: 70, risk_level: 'High' },
    countries: { score: 60, risk_level: 'Medium' },
    categories: { score: 80, risk_level: 'High' },
  },
  score_breakdown: { name_score: 1, name_contribution: 60, dob_score: 1, dob_contribution: 25 },
  pep_matches: [
    {
      list_name: 'Every Politician',
      publisher: 'OpenSanctions',
      source_url: 'https://www.opensanctions.org/datasets/peps/',
      description: 'Politically exposed person',
      matched_name: 'José García',
      pep_position: 'Minister of Finance',
      date_of_birth: '1970-05-04',
    },
  ],
};

const field = (d: ReturnType<typeof amlHitDetail>, label: string) =>
  d.fields.find((f) => translate(f.label) === label)?.value;

describe('amlHitDetail', () => {
  it('shows who the listed person is and where they are listed', () => {
    const d = amlHitDetail(pepHit);
    expect(d.title).toBe('José García');
    expect(field(d, 'Position')).toBe('Member of Parliament, Minister of Finance');
    expect(field(d, 'Gender')).toBe('male');
    expect(field(d, 'Date of birth')).toBe('1970-05-04');
    expect(field(d, 'Nationality')).toBe('ES');
    expect(field(d, 'Datasets')).toBe('Politically exposed person (PEP)');
    expect(field(d, 'PEP level')).toBe('PEP · High risk');
    expect(field(d, 'First seen on the list')).toBe('2024-01-02');
    expect(field(d, 'Last seen on the list')).toBe('2026-11-30');
    expect(d.pep[0]).toMatchObject({ position: 'Minister of Finance', list: 'Every Politician' });
    expect(d.risk.map((r) => translate(r.label))).toEqual(['Crimes', 'Countries', 'Categories']);
    expect(d.breakdown[0]).toEqual({ label: 'case.aml.breakdown.name', value: '1 → 60 points' });
  });

  it('links only to http(s) sources: a script URL from a list is dropped', () => {
    const d = amlHitDetail(pepHit);
    expect(d.links.map((l) => l.href)).toEqual([
      'https://www.opensanctions.org/entities/abc/',
      'https://www.opensanctions.org/datasets/peps/',
    ]);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('not a url')).toBeNull();
  });

  it('says "Not a PEP" for a sanctions hit and "—" for what Didit left out', () => {
    const d = amlHitDetail({ caption: 'ACME Ltd', datasets: ['Sanctions'], properties: {} });
    expect(field(d, 'PEP level')).toBe('Not a PEP');
    expect(field(d, 'Gender')).toBe('—');
    expect(field(d, 'Date of birth')).toBe('—');
    expect(d.links).toEqual([]);
  });
});

describe('isOpenHit', () => {
  it.each([
    [undefined, true],
    [null, true],
    ['Unreviewed', true],
    ['False Positive', false],
    ['Confirmed Match', false],
    ['Inconclusive', false],
  ])('%s → %s', (status, open) => expect(isOpenHit(status)).toBe(open));
});
