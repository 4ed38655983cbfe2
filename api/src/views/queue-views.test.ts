import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorCode, useTestApp } from '../../test/app.ts';
import type { LoggedIn } from '../../test/auth.ts';
import { seedLocalCase, TWO_REVIEWERS } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';

const clock = fixedClock(new Date('2026-11-22T10:00:00Z'));
const ctx = useTestApp({ clock }, TWO_REVIEWERS);
const { send } = ctx;

const page = async (who: LoggedIn, query: string) => {
  const res = await send(who, 'GET', `/api/sessions?${query}`);
  return (await res.json()) as { items: { session_id: string }[]; next_cursor: string | null };
};

describe('saved views', () => {
  it('saves, lists (mine and shared), replaces by name and deletes, each change audited', async () => {
    const q = 'tab=review&has_aml_hits=true&sort=last_event&order=newest&hide=workflow';
    const saved = await send(ctx.as.alice, 'POST', '/api/views', {
      name: 'AML first',
      query: q,
      shared: true,
    });
    expect(saved.status).toBe(201);
    const view = (await saved.json()) as { id: string; mine: boolean };
    expect(view.mine).toBe(true);
    await send(ctx.as.alice, 'POST', '/api/views', { name: 'Private', query: 'tab=all' });
    const bobs = (await (await send(ctx.as.bob, 'GET', '/api/views')).json()) as {
      items: { name: string; mine: boolean }[];
    };
    expect(bobs.items).toEqual([expect.objectContaining({ name: 'AML first', mine: false })]);
    // The same name replaces the view.
    await send(ctx.as.alice, 'POST', '/api/views', { name: 'AML first', query: 'tab=review', shared: true });
    const mine = (await (await send(ctx.as.alice, 'GET', '/api/views')).json()) as {
      items: { name: string; query: string }[];
    };
    expect(mine.items.map((v) => [v.name, v.query])).toEqual([
      ['AML first', 'tab=review'],
      ['Private', 'tab=all'],
    ]);
    // Someone else's view is not theirs to delete.
    expect((await send(ctx.as.bob, 'DELETE', `/api/views/${view.id}`)).status).toBe(403);
    expect((await send(ctx.as.alice, 'DELETE', `/api/views/${view.id}`)).status).toBe(204);
    expect(await ctx.database.db.selectFrom('saved_views').select('name').execute()).toEqual([
      { name: 'Private' },
    ]);
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'queue.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'queue.view_save',
      'queue.view_save',
      'queue.view_save',
      'queue.view_delete',
    ]);
  });

  it('keeps the visible columns next to the filters and sort, and returns them to a colleague', async () => {
    const columns = ['number', 'subject', 'status', 'created', 'last_event'];
    const q = 'tab=all&sort=last_event&order=oldest';
    const saved = await send(ctx.as.alice, 'POST', '/api/views', {
      name: 'Lean',
      query: q,
      columns,
      shared: true,
    });
    expect(saved.status).toBe(201);
    expect(await saved.json()).toMatchObject({ name: 'Lean', query: q, columns });
    const bobs = (await (await send(ctx.as.bob, 'GET', '/api/views')).json()) as {
      items: { name: string; columns: string[] | null }[];
    };
    expect(bobs.items.find((v) => v.name === 'Lean')?.columns).toEqual(columns);
    // Saved again without columns: the default columns (null), audited with the change.
    const plain = await send(ctx.as.alice, 'POST', '/api/views', { name: 'Lean', query: q, shared: true });
    expect(((await plain.json()) as { columns: unknown }).columns).toBeNull();
    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select('after')
      .where('action', '=', 'queue.view_save')
      .orderBy('seq', 'desc')
      .limit(2)
      .execute();
    expect(audit.map((a) => (a.after as { columns: unknown }).columns)).toEqual([null, columns]);
  });

  it.each([
    ['an unknown column', ['number', 'salary']],
    ['a column twice', ['number', 'status', 'status']],
    ['no column at all', []],
    ['columns that are not a list', 'number,status'],
  ])('refuses %s (400 VALIDATION), and saves nothing', async (_, columns) => {
    const res = await send(ctx.as.alice, 'POST', '/api/views', {
      name: 'Bad columns',
      query: 'tab=all',
      columns,
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
    const names = await ctx.database.db.selectFrom('saved_views').select('name').execute();
    expect(names.map((n) => n.name)).not.toContain('Bad columns');
  });

  it.each([
    ['an empty name', { name: ' ', query: 'tab=all' }],
    ['a query that is not a URL query', { name: 'x', query: '<script>' }],
    ['a long query', { name: 'x', query: 'a'.repeat(1001) }],
  ])('refuses %s', async (_, body) => {
    const res = await send(ctx.as.alice, 'POST', '/api/views', body);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
  });

  it('needs the CSRF token to save', async () => {
    const res = await ctx.app.request('/api/views', {
      method: 'POST',
      headers: { cookie: ctx.as.alice.cookie, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'no csrf', query: '' }),
    });
    expect(await errorCode(res)).toBe('CSRF');
  });
});

describe('queue sorting and the entity-status filter', () => {
  it('sorts by last event with keyset pages, and refuses a cursor of another sort', async () => {
    const at = (m: number) => new Date(clock.now().getTime() - m * 60_000);
    // Created oldest first a, b, c; their last events newest first for a.
    const a = await seedLocalCase(ctx.database.db, { at: at(300) });
    const b = await seedLocalCase(ctx.database.db, { at: at(200) });
    const c = await seedLocalCase(ctx.database.db, { at: at(100) });
    // Didit's created_at pinned (the generated decision carries its own), and the last events reversed.
    for (const [id, created, m] of [
      [a.sessionId, 300, 1],
      [b.sessionId, 200, 2],
      [c.sessionId, 100, 3],
    ] as const)
      await ctx.database.db
        .updateTable('sessions')
        .set({ didit_created_at: at(created), last_event_at: at(m) })
        .where('session_id', '=', id)
        .execute();
    const ours = new Set([a.sessionId, b.sessionId, c.sessionId]);
    const first = await page(ctx.as.alice, 'sort=last_event&order=newest&limit=2');
    const second = await page(
      ctx.as.alice,
      `sort=last_event&order=newest&limit=2&cursor=${first.next_cursor}`,
    );
    const ids = [...first.items, ...second.items].map((i) => i.session_id).filter((id) => ours.has(id));
    expect(ids).toEqual([a.sessionId, b.sessionId, c.sessionId]);
    const created = (await page(ctx.as.alice, 'order=newest&limit=50')).items.map((i) => i.session_id);
    expect(created.filter((id) => ours.has(id))).toEqual([c.sessionId, b.sessionId, a.sessionId]);
    const mixed = await send(ctx.as.alice, 'GET', `/api/sessions?limit=2&cursor=${first.next_cursor}`);
    expect(mixed.status).toBe(400);
    expect(await errorCode(mixed)).toBe('VALIDATION');
    expect((await send(ctx.as.alice, 'GET', '/api/sessions?sort=name')).status).toBe(400);
  });

  it.each([
    ['created', 'oldest'],
    ['created', 'newest'],
    ['last_event', 'oldest'],
    ['last_event', 'newest'],
  ] as const)('sort=%s order=%s: pages of two follow the order through the cursor', async (sort, order) => {
    const at = (m: number) => new Date(clock.now().getTime() - m * 60_000);
    // Created in the order a, b, c; their last events in the order c, a, b: each sort gives another order.
    const workflow = randomUUID();
    const cases = [];
    for (const [created, last] of [
      [300, 20],
      [200, 10],
      [100, 30],
    ] as const) {
      const { sessionId } = await seedLocalCase(ctx.database.db, { at: at(created) });
      await ctx.database.db
        .updateTable('sessions')
        .set({ didit_created_at: at(created), last_event_at: at(last), workflow_id: workflow })
        .where('session_id', '=', sessionId)
        .execute();
      cases.push(sessionId);
    }
    const [a, b, c] = cases as [string, string, string];
    const ascending = sort === 'created' ? [a, b, c] : [c, a, b];
    const expected = order === 'oldest' ? ascending : [...ascending].reverse();
    const query = `workflow_id=${workflow}&sort=${sort}&order=${order}&limit=2`;
    const first = await page(ctx.as.alice, query);
    expect(first.items.map((i) => i.session_id)).toEqual(expected.slice(0, 2));
    expect(first.next_cursor).toBeTruthy();
    const second = await page(ctx.as.alice, `${query}&cursor=${first.next_cursor}`);
    expect(second.items.map((i) => i.session_id)).toEqual(expected.slice(2));
    expect(second.next_cursor).toBeNull();
  });

  it.each(['name', 'workflow', 'CREATED', ''])('refuses sort=%s with 400 VALIDATION', async (sort) => {
    const res = await send(ctx.as.alice, 'GET', `/api/sessions?sort=${sort}`);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
  });

  it("filters on the person's entity status", async () => {
    const flagged = await seedLocalCase(ctx.database.db, { at: clock.now() });
    const active = await seedLocalCase(ctx.database.db, { at: clock.now() });
    for (const [id, status] of [
      [flagged.sessionId, 'FLAGGED'],
      [active.sessionId, 'ACTIVE'],
    ] as const) {
      const vendorData = `person-${id}`;
      const s = await ctx.database.db
        .updateTable('sessions')
        .set({ vendor_data: vendorData })
        .where('session_id', '=', id)
        .returning(['vendor_data', 'session_kind'])
        .executeTakeFirstOrThrow();
      await ctx.database.db
        .insertInto('entities')
        .values({
          entity_kind: s.session_kind as 'user',
          vendor_data: s.vendor_data!,
          status,
          created_at: clock.now(),
          updated_at: clock.now(),
        })
        .execute();
    }
    const ids = async (q: string) => (await page(ctx.as.alice, q)).items.map((i) => i.session_id);
    expect(await ids('entity_status=FLAGGED')).toEqual([flagged.sessionId]);
    expect((await ids('entity_status=FLAGGED,ACTIVE')).sort()).toEqual(
      [flagged.sessionId, active.sessionId].sort(),
    );
    expect(await ids('entity_status=BLOCKED')).toEqual([]);
    const bad = await send(ctx.as.alice, 'GET', '/api/sessions?entity_status=SUSPENDED');
    expect(await errorCode(bad)).toBe('VALIDATION');
  });
});
