/**
 * `deriveSessionColumns` against the generated columns it replaced: each decision is stored in the `sessions`
 * table of migration 2026-11-22T04-00-00-decision-sync (the old expressions, run by Postgres), stored as the
 * intake stores it (bearer links removed, what jsonb refuses replaced), and every column is compared — over
 * Didit's documented decisions, the sandbox generator's decisions (any seed, kind, status, scenario) and
 * arbitrary JSON built around the paths the expressions read.
 */
import { randomUUID } from 'node:crypto';
import { documented } from '@console/didit/fixtures/documented';
import { generateDecision } from '@console/sandbox/generator';
import { SCENARIOS, SESSION_STATUSES } from '@console/sandbox/statuses';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { up as extensions } from '../../../migrations/2026-11-22T03-00-00-extensions.ts';
import { up as decisionSync } from '../../../migrations/2026-11-22T04-00-00-decision-sync.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { payloadJsonFor } from './event-input.ts';
import { redactLinksInJson } from './redact-links.ts';
import {
  DECISION_COLUMNS,
  deriveSessionColumns,
  NO_DECISION,
  plainNumber,
  searchValues,
} from './session-columns.ts';

let old: Database;
beforeAll(async () => {
  old = await createTestDatabase({ migrate: false });
  await extensions(old.db);
  await decisionSync(old.db);
});
afterAll(() => old?.close());

const COMPARED = [...DECISION_COLUMNS, 'search_text'] as const;

/**
 * Each decision through the old generated columns and through `deriveSessionColumns` (with Postgres's `lower`
 * over `search_text`, as the fold computes it); returns the rows that differ, each with both sides.
 */
async function differences(decisions: unknown[], vendorData: string | null = 'vendor-Ä'): Promise<unknown[]> {
  const ids = decisions.map(() => randomUUID());
  // What the intake stores for a decision: the text without bearer links, then what jsonb accepts.
  const stored = decisions.map((d) =>
    d === undefined ? null : payloadJsonFor(redactLinksInJson(JSON.stringify(d))),
  );
  const derived = decisions.map((d) => (d === undefined ? NO_DECISION : deriveSessionColumns(d)));
  const { rows } = await sql<Record<string, unknown> & { i: number }>`
    with input as (
      select * from unnest(${ids}::text[], ${stored}::text[], ${decisions.map((d) => searchValues(d).join('\u001f'))}::text[])
        with ordinality as x(session_id, decision, search_decision, i)
    ),
    ins as (
      insert into sessions (session_id, vendor_data, decision, last_event_at, last_event_tiebreak, created_at,
        updated_at)
      select session_id, ${vendorData}, decision::jsonb, now(), '', now(), now() from input
      returning *
    )
    select input.i::int as i, ${sql.join(COMPARED.map((c) => sql`ins.${sql.ref(c)}`))},
      lower(ins.session_id || chr(31) || coalesce(ins.vendor_data, '') || chr(31) || input.search_decision)
        as derived_search_text
    from ins join input using (session_id) order by input.i`.execute(old.db);
  const out: unknown[] = [];
  for (const r of rows) {
    const d = derived[r.i - 1]!;
    const mine: Record<string, unknown> = { ...d, search_text: r.derived_search_text };
    const theirs = Object.fromEntries(COMPARED.map((c) => [c, r[c]]));
    const ours = Object.fromEntries(COMPARED.map((c) => [c, mine[c]]));
    if (JSON.stringify(theirs) !== JSON.stringify(ours))
      out.push({ decision: stored[r.i - 1], generated: theirs, derived: ours });
  }
  expect(rows).toHaveLength(decisions.length);
  return out;
}

describe('deriveSessionColumns equals the generated columns it replaced', () => {
  it("on Didit's documented decisions", async () => {
    const decisions = [
      documented.kycDecision.body,
      documented.kybDecision.body,
      documented.kybDecisionTitleCase.body,
      documented.sessionWebhook.body.decision,
    ];
    expect(await differences(decisions)).toEqual([]);
    // Not only empty results compared equal: the pages show a person's name and a company with its number.
    expect(deriveSessionColumns(documented.kycDecision.body).full_name).toBe('Carmen Española Española');
    expect(deriveSessionColumns(documented.kybDecision.body)).toMatchObject({
      full_name: 'Acme Holdings Ltd',
      document_number: '01234567',
    });
  });

  it("on the sandbox generator's decisions, any seed, kind, status and scenario", async () => {
    const generated = fc.record({
      seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
      kind: fc.constantFrom('user' as const, 'business' as const),
      status: fc.constantFrom(...SESSION_STATUSES),
      scenario: fc.option(fc.constantFrom(...SCENARIOS), { nil: undefined }),
    });
    let hits = 0;
    let warnings = 0;
    let named = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(generated, { minLength: 25, maxLength: 25 }), async (batch) => {
        const decisions = batch.map((g, i) =>
          generateDecision({
            ...g,
            sessionId: randomUUID(),
            sessionNumber: 1000 + i,
            workflowId: 'wf',
            vendorData: 'v',
            ...(g.scenario ? { scenario: g.scenario } : {}),
          }),
        );
        for (const d of decisions) {
          const c = deriveSessionColumns(d);
          hits += c.aml_hits;
          warnings += c.warning_errors + c.warning_warnings + c.warning_information;
          if (c.full_name !== null) named++;
        }
        expect(await differences(decisions)).toEqual([]);
      }),
      { numRuns: 12 },
    );
    // The generator's decisions exercised the columns (not only empty decisions compared equal).
    expect(hits).toBeGreaterThan(0);
    expect(warnings).toBeGreaterThan(0);
    expect(named).toBeGreaterThan(100);
  });

  it('on arbitrary JSON around the paths the expressions read', async () => {
    const strings = fc.constantFrom(
      'error',
      'warning',
      'information',
      'Unreviewed',
      'False Positive',
      '',
      ' ',
      '  José  Ñúñez ',
      '\tTab Name\n',
      'ΣΊΣΥΦΟΣ',
      'a"b\\c\n\t\u0001',
      '\u0000x',
      'lone \ud800 surrogate',
      'https://media.example/id.jpg?X-Amz-Signature=abc',
      'https://news.example/article',
    );
    const leaf = fc.oneof(
      strings,
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.boolean(),
      fc.constant(null),
    );
    // A value, an array of them, or an array of arrays: lax jsonpath unwraps one level, `#>>` none.
    const wrap = <T>(a: fc.Arbitrary<T>) =>
      fc.oneof(a, fc.array(a, { maxLength: 3 }), fc.array(fc.array(a, { maxLength: 2 }), { maxLength: 2 }));
    const some = <T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }) => fc.record(model, { requiredKeys: [] });
    const warning = some({ log_type: fc.oneof(strings, wrap(leaf)), feature: leaf });
    const hit = some({ review_status: fc.oneof(strings, wrap(leaf)), id: leaf });
    const name = fc.oneof(
      strings,
      leaf,
      wrap(leaf),
      some({ session_url: strings, '0': leaf, b: leaf, aa: leaf }),
    );
    const node = some({
      warnings: wrap(fc.oneof(warning, leaf)),
      hits: wrap(fc.oneof(hit, leaf)),
      full_name: name,
      first_name: name,
      last_name: name,
      document_number: name,
      company_name: name,
      legal_name: name,
      registration_number: name,
      screened_data: some({ full_name: name }),
    });
    const decision = some({
      id_verifications: wrap(node),
      registry_checks: wrap(node),
      aml_screenings: wrap(node),
      liveness_checks: wrap(node),
      expected_details: fc.oneof(node, wrap(node)),
      status: leaf,
    });
    const { json } = fc.letrec((tie) => ({
      json: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        fc.array(tie('json'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('id_verifications', 'warnings', 'log_type', 'hits', 'full_name', '0'),
          tie('json'),
          {
            maxKeys: 4,
          },
        ),
      ),
    }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof({ weight: 4, arbitrary: decision }, wrap(decision), json), {
          minLength: 25,
          maxLength: 25,
        }),
        async (batch) => {
          expect(await differences(batch, null)).toEqual([]);
        },
      ),
      { numRuns: 80 },
    );
  });

  it('without a decision: what the generated columns gave a null decision', async () => {
    expect(await differences([undefined])).toEqual([]);
  });
});

describe("search_decision: the decision's search values", () => {
  it('holds each value once, in the order first seen, without blank ones', () => {
    const decision = {
      id_verifications: [
        { full_name: 'Ana Lima', first_name: 'Ana', last_name: 'Lima', document_number: 'X1' },
      ],
      aml_screenings: [{ screened_data: { full_name: 'Ana Lima' } }],
      registry_checks: [{ company_name: ' ', legal_name: 'ANA LIMA' }],
    };
    expect(searchValues(decision)).toEqual(['Ana Lima', 'Ana Lima', ' ', 'ANA LIMA', 'Ana Lima', 'X1', '']);
    // Case differs: both kept (Postgres lowers the whole later).
    expect(deriveSessionColumns(decision).search_decision).toBe('Ana Lima\u001fANA LIMA\u001fX1');
    expect(NO_DECISION.search_decision).toBe('');
  });
});

describe('plainNumber', () => {
  it.each([
    [0, '0'],
    [-0, '0'],
    [1.5, '1.5'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [-2.5e25, '-25000000000000000000000000'],
    [123.456e-2, '1.23456'],
  ])('%p prints as numeric does: %s', (n, text) => {
    expect(plainNumber(n)).toBe(text);
  });
});
