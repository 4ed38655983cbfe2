import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { kycDecision } from '../../test/webhooks.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';
import type { SessionItem } from './sessions.views.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let auditor: LoggedIn;

interface Seed {
  id: string;
  status: string;
  kind: 'user' | 'business';
  name: string;
  doc: string;
  vendor: string;
  number: number;
  created: string;
  warnings: ('error' | 'warning' | 'information')[];
  hits: ('Unreviewed' | 'False Positive')[];
  imported: boolean;
  workflow: string;
}

const WF_A = '11111111-aaaa-4aaa-8aaa-111111111111';
const WF_B = '22222222-bbbb-4bbb-8bbb-222222222222';
const NAMES = ['Иван Петров', '王小明', 'محمد علي', 'Zoë Ångström', 'John Smith', 'Ольга Сидорова'];
const seeds: Seed[] = [];

async function seed(s: Seed) {
  const decision = {
    ...kycDecision({
      sessionId: s.id,
      status: s.status,
      fullName: s.name,
      documentNumber: s.doc,
      warnings: s.warnings,
      hits: s.hits,
      sessionNumber: s.number,
    }),
    session_kind: s.kind,
    vendor_data: s.vendor,
    workflow_id: s.workflow,
    created_at: s.created,
    ...(s.imported ? { shared_from_session: randomUUID() } : {}),
  };
  const at = new Date('2026-11-22T00:00:00Z');
  await applyEvent(
    database.db,
    eventFromDecision({
      source: 'backfill',
      sessionId: s.id,
      decision,
      fetchedAt: at,
      eventKey: `seed:${s.id}`,
    }),
    at,
  );
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  auditor = await loginAs(app, database, ['auditor']);
  const statuses = ['In Review', 'Approved', 'Declined', 'IN_REVIEW', 'Not Started'];
  for (let i = 0; i < 40; i++) {
    const s: Seed = {
      id: randomUUID(),
      status: statuses[i % statuses.length]!,
      kind: i % 5 === 3 ? 'business' : 'user',
      name: NAMES[i % NAMES.length]!,
      doc: `DOC${String(i).padStart(5, '0')}`,
      vendor: `vendor-${i}`,
      number: 5000 + i,
      // Some share a creation instant: the session id breaks the tie in the keyset.
      created: new Date(Date.UTC(2026, 10, 1, 0, 0, Math.floor(i / 3))).toISOString(),
      warnings:
        i % 4 === 0
          ? ['error']
          : i % 4 === 1
            ? ['warning', 'information']
            : i % 4 === 2
              ? ['information']
              : [],
      hits: i % 6 === 0 ? ['Unreviewed', 'False Positive'] : i % 6 === 1 ? ['False Positive'] : [],
      imported: i % 7 === 0,
      workflow: i % 2 === 0 ? WF_A : WF_B,
    };
    seeds.push(s);
    await seed(s);
  }
});
afterAll(() => database.close());

async function list(query: string, who: LoggedIn = auditor) {
  const res = await app.request(`/api/sessions${query}`, { headers: who.headers });
  return {
    status: res.status,
    body: (await res.json()) as {
      items: SessionItem[];
      next_cursor: string | null;
      error?: { code: string };
    },
  };
}

async function all(query: string) {
  const out: SessionItem[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = query.includes('?') ? '&' : '?';
    const { status, body } = await list(`${query}${sep}limit=7${cursor ? `&cursor=${cursor}` : ''}`);
    expect(status).toBe(200);
    out.push(...body.items);
    cursor = body.next_cursor;
    if (++pages > 50) throw new Error('paging does not end');
  } while (cursor);
  return out;
}

const ids = (items: { session_id: string }[]) => items.map((i) => i.session_id);
const expected = (pred: (s: Seed) => boolean, order: 'oldest' | 'newest' = 'oldest') => {
  const cmp = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  const sorted = seeds.filter(pred).sort((a, b) => cmp(a.created, b.created) || cmp(a.id, b.id));
  return (order === 'oldest' ? sorted : sorted.reverse()).map((s) => s.id);
};

describe('GET /api/sessions', () => {
  it('needs a signed-in user', async () => {
    const res = await app.request('/api/sessions');
    expect(res.status).toBe(401);
  });

  it('pages the whole queue by keyset, oldest first, with no duplicates or gaps', async () => {
    expect(ids(await all(''))).toEqual(expected(() => true));
  });

  it('pages newest first', async () => {
    expect(ids(await all('?order=newest'))).toEqual(expected(() => true, 'newest'));
  });

  it('matches Title Case and UPPER_SNAKE statuses alike', async () => {
    const inReview = expected((s) => s.status === 'In Review' || s.status === 'IN_REVIEW');
    expect(ids(await all('?status=In%20Review'))).toEqual(inReview);
    expect(ids(await all('?status=IN_REVIEW'))).toEqual(inReview);
    expect(ids(await all('?status=in_review,Approved'))).toEqual(
      expected((s) => ['In Review', 'IN_REVIEW', 'Approved'].includes(s.status)),
    );
  });

  it.each([
    ['kind=business', (s: Seed) => s.kind === 'business'],
    ['kind=user', (s: Seed) => s.kind === 'user'],
    ['imported=true', (s: Seed) => s.imported],
    ['imported=false', (s: Seed) => !s.imported],
    [`workflow_id=${WF_B}`, (s: Seed) => s.workflow === WF_B],
    ['has_aml_hits=true', (s: Seed) => s.hits.length > 0],
    ['has_unreviewed_hits=true', (s: Seed) => s.hits.includes('Unreviewed')],
    ['has_unreviewed_hits=false', (s: Seed) => !s.hits.includes('Unreviewed')],
    ['has_issues=true', (s: Seed) => s.warnings.includes('error') || s.warnings.includes('warning')],
    [
      'from=2026-11-01T00:00:05Z&to=2026-11-01T00:00:09Z',
      (s: Seed) => s.created >= '2026-11-01T00:00:05' && s.created < '2026-11-01T00:00:09',
    ],
    [
      'status=In%20Review&kind=user&has_aml_hits=true',
      (s: Seed) => ['In Review', 'IN_REVIEW'].includes(s.status) && s.kind === 'user' && s.hits.length > 0,
    ],
  ])('filters by %s', async (query, pred) => {
    const want = expected(pred);
    expect(want.length).toBeGreaterThan(0);
    expect(ids(await all(`?${query}`))).toEqual(want);
  });

  it.each([
    ['Cyrillic', 'петров', 'Иван Петров'],
    ['Cyrillic, any case', 'ОЛЬГА', 'Ольга Сидорова'],
    ['CJK', '小明', '王小明'],
    ['Arabic', 'محمد', 'محمد علي'],
    ['Latin with diacritics', 'ångström', 'Zoë Ångström'],
  ])('finds names in any script: %s', async (_script, q, name) => {
    const got = await all(`?q=${encodeURIComponent(q)}`);
    expect(got.length).toBe(seeds.filter((s) => s.name === name).length);
    expect(got.every((i) => i.full_name === name)).toBe(true);
  });

  it('finds by vendor_data, document number, session number and session id', async () => {
    const s = seeds[13]!;
    expect(ids(await all(`?q=${s.vendor}`))).toEqual([s.id]);
    expect(ids(await all(`?q=doc00013`))).toEqual([s.id]);
    expect(ids(await all(`?q=${s.number}`))).toEqual([s.id]);
    expect(ids(await all(`?q=${s.id.slice(0, 13)}`))).toEqual([s.id]);
    // LIKE wildcards in the query are literal.
    expect(await all('?q=%25')).toEqual([]);
  });

  it('shows the derived fields of a row', async () => {
    const s = seeds[0]!;
    const item = (await all(`?q=${s.vendor}`))[0]!;
    expect(item).toMatchObject({
      session_id: s.id,
      session_number: s.number,
      session_kind: 'user',
      status: 'In Review',
      status_key: 'IN_REVIEW',
      full_name: s.name,
      // An auditor sees document numbers masked to their last four characters (least privilege).
      document_number: `${'•'.repeat(s.doc.length - 4)}${s.doc.slice(-4)}`,
      warning_counts: { error: 1, warning: 0, information: 0 },
      aml_hits: 2,
      aml_unreviewed_hits: 1,
      imported: true,
      created_at: s.created,
    });
    expect(item.shared_from_session).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['a malformed cursor', '?cursor=not*base64'],
    ['a cursor of the wrong shape', `?cursor=${Buffer.from('{"a":1}').toString('base64url')}`],
    ['a cursor with a bad date', `?cursor=${Buffer.from('["nope","x"]').toString('base64url')}`],
    ['limit 0', '?limit=0'],
    ['limit 101', '?limit=101'],
    ['an unknown kind', '?kind=robot'],
    ['a bad boolean', '?imported=yes'],
    ['a bad date', '?from=yesterday'],
    ['a bad order', '?order=random'],
  ])('answers VALIDATION for %s', async (_name, query) => {
    const { status, body } = await list(query);
    expect(status).toBe(400);
    expect(body.error!.code).toBe('VALIDATION');
  });
});

describe('GET /api/sessions/:id', () => {
  it('returns the decision with every plural array as sent, history, provenance and shares', async () => {
    const s = seeds[2]!;
    const res = await app.request(`/api/sessions/${s.id}`, { headers: auditor.headers });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      session: Record<string, unknown>;
      history: unknown[];
      provenance: unknown;
      shares: unknown[];
    };
    expect(body.session.session_id).toBe(s.id);
    const decision = body.session.decision as Record<string, unknown>;
    expect(decision.poa_verifications).toBeNull();
    expect(Array.isArray(decision.liveness_checks)).toBe(true);
    expect((decision.liveness_checks as { score: number }[])[0]!.score).toBe(95.5);
    expect(body.history).toEqual([
      { status: s.status, at: '2026-11-22T00:00:00.000Z', source: 'backfill', event_id: null },
    ]);
    expect(body.provenance).toBeNull();
    expect(body.shares).toEqual([]);
  });

  it('answers NOT_FOUND for an unknown session', async () => {
    const res = await app.request(`/api/sessions/${randomUUID()}`, { headers: auditor.headers });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
