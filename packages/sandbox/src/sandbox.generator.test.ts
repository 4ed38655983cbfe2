import { pythonDumps } from '@console/didit/python-json';
import { describe, expect, it } from 'vitest';
import { type Decision, generateDecision, KYB_ARRAYS, KYC_ARRAYS } from './generator.ts';
import { SCENARIO_STATUS, SCENARIOS, type Scenario } from './statuses.ts';

const sid = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
const gen = (i: number, kind: 'user' | 'business', status: string, scenario?: Scenario, seed = 7): Decision =>
  generateDecision({
    seed,
    sessionId: sid(i),
    sessionNumber: 1000 + i,
    kind,
    status,
    workflowId: '11111111-2222-4333-8444-555555555555',
    vendorData: `user-${i}`,
    ...(scenario ? { scenario } : {}),
  });

const items = (d: Decision): any[] =>
  [...KYC_ARRAYS, ...KYB_ARRAYS].flatMap((k) => (Array.isArray(d[k]) ? (d[k] as any[]) : []));
const warnings = (d: Decision): any[] => items(d).flatMap((i) => i.warnings ?? []);
const hits = (d: Decision): any[] => ((d.aml_screenings as any[]) ?? []).flatMap((s) => s.hits);

describe('generateDecision', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(pythonDumps(gen(1, 'user', 'In Review', undefined, 3))).toBe(
      pythonDumps(gen(1, 'user', 'In Review', undefined, 3)),
    );
    expect(pythonDumps(gen(1, 'business', 'Approved', undefined, 3))).toBe(
      pythonDumps(gen(1, 'business', 'Approved', undefined, 3)),
    );
    expect(pythonDumps(gen(1, 'user', 'In Review', undefined, 3))).not.toBe(
      pythonDumps(gen(1, 'user', 'In Review', undefined, 4)),
    );
  });

  it.each([
    ['user', KYC_ARRAYS],
    ['business', KYB_ARRAYS],
  ] as const)('fills every plural array of §4 for %s once finished, and none before', (kind, keys) => {
    const seen = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const d = gen(i, kind, 'Approved');
      for (const k of keys) if (Array.isArray(d[k]) && (d[k] as unknown[]).length > 0) seen.add(k);
    }
    expect([...seen].sort()).toEqual([...keys].sort());
    const fresh = gen(1, kind, 'Not Started');
    for (const k of keys) expect(fresh[k]).toBeNull();
    expect(fresh.status).toBe(kind === 'user' ? 'Not Started' : 'NOT_STARTED');
    const progress = gen(1, kind, 'In Progress');
    expect(keys.filter((k) => progress[k] === null).length).toBeGreaterThan(0);
    expect(keys.filter((k) => Array.isArray(progress[k])).length).toBeGreaterThan(0);
  });

  it('keeps content consistent with the status for every scenario and kind', () => {
    for (const kind of ['user', 'business'] as const) {
      for (const scenario of SCENARIOS) {
        for (let i = 0; i < 15; i++) {
          const d = gen(i, kind, SCENARIO_STATUS[scenario], scenario);
          const types = warnings(d).map((w) => w.log_type);
          if (scenario === 'approve') {
            expect(types).not.toContain('error');
            expect(types).not.toContain('warning');
            expect(items(d).every((x) => x.status === 'Approved')).toBe(true);
            expect(hits(d).every((h) => h.review_status === 'False Positive')).toBe(true);
          }
          if (scenario === 'decline' || scenario === 'decline_aml_hit') {
            expect(types).toContain('error');
            expect(items(d).some((x) => x.status === 'Declined')).toBe(true);
          }
          if (scenario === 'review') {
            expect(types).toContain('warning');
            expect(types).not.toContain('error');
          }
          if (scenario === 'review_aml_hit') {
            expect(hits(d).some((h) => h.review_status === 'Unreviewed')).toBe(true);
            expect(types).not.toContain('error');
          }
          if (scenario === 'decline_aml_hit') expect(hits(d).length).toBeGreaterThan(0);
          expect(d.status).toBe(
            kind === 'business'
              ? SCENARIO_STATUS[scenario].toUpperCase().replace(' ', '_')
              : SCENARIO_STATUS[scenario],
          );
        }
      }
    }
  });

  it('covers each log_type, warning fields, AML hit ids and KYB company screenings', () => {
    const all = [
      ...Array.from({ length: 30 }, (_, i) =>
        gen(i, 'user', SCENARIO_STATUS[SCENARIOS[i % 6]!], SCENARIOS[i % 6]),
      ),
      ...Array.from({ length: 30 }, (_, i) =>
        gen(i, 'business', SCENARIO_STATUS[SCENARIOS[i % 6]!], SCENARIOS[i % 6]),
      ),
    ];
    const ws = all.flatMap(warnings);
    expect(new Set(ws.map((w) => w.log_type))).toEqual(new Set(['error', 'warning', 'information']));
    for (const w of ws) {
      expect(Object.keys(w).sort()).toEqual(
        [
          'additional_data',
          'feature',
          'log_type',
          'long_description',
          'node_id',
          'risk',
          'short_description',
        ].sort(),
      );
    }
    const allHits = all.flatMap(hits);
    expect(allHits.length).toBeGreaterThan(10);
    for (const h of allHits) {
      expect(typeof h.id).toBe('string');
      expect(['Unreviewed', 'Confirmed Match', 'False Positive', 'Inconclusive']).toContain(h.review_status);
    }
    const kybAml = all
      .filter((d) => d.session_kind === 'business')
      .flatMap((d) => (d.aml_screenings as any[]) ?? []);
    expect(kybAml.some((s) => s.entity_type === 'company')).toBe(true);
  });

  it('writes non-Latin names in some sessions, whole floats as 95.0, and signed /media links', () => {
    const names = Array.from(
      { length: 60 },
      (_, i) => (gen(i, 'user', 'Approved').id_verifications as any[])[0].full_name,
    );
    const scripts = {
      cyrillic: /\p{Script=Cyrillic}/u,
      arabic: /\p{Script=Arabic}/u,
      cjk: /\p{Script=Han}/u,
      greek: /\p{Script=Greek}/u,
      devanagari: /\p{Script=Devanagari}/u,
    };
    for (const [script, re] of Object.entries(scripts)) {
      expect(
        names.some((n) => re.test(n)),
        script,
      ).toBe(true);
    }
    expect(names.some((n) => /^[\p{Script=Latin} '’-]+$/u.test(n))).toBe(true);
    const bodies = Array.from({ length: 10 }, (_, i) => pythonDumps(gen(i, 'user', 'In Review')));
    expect(bodies.some((b) => /":\d+\.0[,}]/.test(b))).toBe(true);
    expect(bodies.some((b) => /[^ -~]/.test(b))).toBe(true);
    const portrait = (gen(1, 'user', 'Approved').id_verifications as any[])[0].portrait_image as string;
    expect(portrait).toMatch(/\/media\/[0-9a-f-]{36}\/portrait\.svg\?expires=\d+&signature=[0-9a-f]{64}$/);
  });
});
