import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startSandbox } from '../test/helpers.ts';

let s: Running;
let kyc: string[];
let kyb: string[];

beforeAll(async () => {
  s = await startSandbox();
  kyc = await s.sandbox.seedSessions({
    application: 'console',
    count: 7,
    kind: 'user',
    statuses: ['approve', 'review', 'decline'],
  });
  kyb = await s.sandbox.seedSessions({
    application: 'console',
    count: 4,
    kind: 'business',
    statuses: ['review', 'approve'],
  });
  await s.sandbox.seedSessions({ application: 'partner', count: 3 });
});
afterAll(() => s.close());

const list = (query: string) => s.json('GET', `/v3/sessions/${query}`);

describe('GET /v3/sessions/', () => {
  it('lists KYC sessions by default, newest first, with the §2.3 row shape', async () => {
    const r = await list('');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ count: 7, next: null, previous: null });
    expect(r.body.results.map((x: any) => x.session_id)).toEqual([...kyc].reverse());
    const numbers = r.body.results.map((x: any) => x.session_number);
    expect(numbers).toEqual([...numbers].sort((a: number, b: number) => b - a));
    const row = r.body.results[0];
    for (const key of [
      'session_id',
      'session_kind',
      'session_number',
      'session_url',
      'portrait_image',
      'document_type',
      'full_name',
      'country',
      'status',
      'vendor_data',
      'created_at',
      'features',
      'phone_number',
      'email_address',
    ]) {
      expect(row, key).toHaveProperty(key);
    }
    expect(row.session_kind).toBe('user');
    expect(row.features[0]).toEqual({ feature: 'ID_VERIFICATION', status: expect.any(String) });
    expect(row).not.toHaveProperty('id_verifications');
  });

  it('pages with limit/offset and absolute next/previous links', async () => {
    const p1 = await list('?limit=3');
    expect(p1.body.results).toHaveLength(3);
    expect(p1.body.next).toBe(`${s.base}/v3/sessions/?limit=3&offset=3`);
    expect(p1.body.previous).toBeNull();
    const p2 = await s.json('GET', new URL(p1.body.next).pathname + new URL(p1.body.next).search);
    expect(p2.body.previous).toBe(`${s.base}/v3/sessions/?limit=3`);
    const p3 = await list('?limit=3&offset=6');
    expect(p3.body.results).toHaveLength(1);
    expect(p3.body.next).toBeNull();
    const seen = [...p1.body.results, ...p2.body.results, ...p3.body.results].map((x: any) => x.session_id);
    expect(new Set(seen).size).toBe(7);
  });

  it('lists KYB rows in the smaller shape, statuses UPPER_SNAKE', async () => {
    const r = await list('?session_kind=business');
    expect(r.body.count).toBe(4);
    const row = r.body.results[0];
    expect(Object.keys(row).sort()).toEqual(
      [
        'company_name',
        'country',
        'created_at',
        'registration_number',
        'session_id',
        'session_kind',
        'session_number',
        'status',
        'vendor_data',
        'workflow_label',
        'workflow_type',
      ].sort(),
    );
    expect(r.body.results.map((x: any) => x.status).sort()).toEqual([
      'APPROVED',
      'APPROVED',
      'IN_REVIEW',
      'IN_REVIEW',
    ]);
  });

  it('concatenates KYC then KYB rows for session_kind=all, count summed, links from the KYC side', async () => {
    const r = await list('?session_kind=all&limit=5');
    expect(r.body.count).toBe(11);
    expect(r.body.results).toHaveLength(9);
    expect(r.body.results.slice(0, 5).every((x: any) => x.session_kind === 'user')).toBe(true);
    expect(r.body.results.slice(5).every((x: any) => x.session_kind === 'business')).toBe(true);
    expect(r.body.next).toBe(`${s.base}/v3/sessions/?session_kind=all&limit=5&offset=5`);
    const last = await list('?session_kind=all&limit=5&offset=5');
    expect(last.body.results.map((x: any) => x.session_kind)).toEqual(['user', 'user']);
    expect(last.body.next).toBeNull();
  });

  it('filters by status in either casing, vendor_data, workflow_id, search and dates', async () => {
    const review = await list('?status=In%20Review');
    expect(review.body.results.every((x: any) => x.status === 'In Review')).toBe(true);
    expect(review.body.count).toBe(2);
    expect((await list('?status=IN_REVIEW&session_kind=business')).body.count).toBe(2);
    const first = (await list('')).body.results[0];
    expect(
      (await list(`?vendor_data=${first.vendor_data}`)).body.results.map((x: any) => x.session_id),
    ).toEqual([first.session_id]);
    const needle = encodeURIComponent(first.full_name.slice(0, 3).toLowerCase());
    expect((await list(`?search=${needle}`)).body.results.map((x: any) => x.session_id)).toContain(
      first.session_id,
    );
    expect(
      (await list(`?workflow_id=${s.workflow('console', 'business')}&session_kind=all`)).body.count,
    ).toBe(4);
    expect((await list('?date_to=2000-01-01')).body.count).toBe(0);
    expect((await list(`?date_from=${first.created_at.slice(0, 10)}`)).body.count).toBeGreaterThan(0);
  });

  it.each([
    ['?session_kind=people', 'session_kind'],
    ['?status=Pending', 'status'],
    ['?date_from=yesterday', 'date_from'],
  ])('rejects %s with 400', async (q, field) => {
    const r = await list(q);
    expect(r.status).toBe(400);
    expect(r.body).toHaveProperty(field);
  });

  it('never shows another application’s sessions', async () => {
    const r = await s.json('GET', '/v3/sessions/?session_kind=all', { key: s.keyOf('partner') });
    expect(r.body.count).toBe(3);
    expect(r.body.results.some((x: any) => kyc.includes(x.session_id) || kyb.includes(x.session_id))).toBe(
      false,
    );
  });
});
