/**
 * AML dispositions with their reasons: a comment per disposition, bulk "false positive" and undo, against the
 * sandbox over real HTTP (the console's Didit client calls it; its webhooks come back signed).
 */
import { describe, expect, it } from 'vitest';
import { errorCode } from '../../test/app.ts';
import { auditEntry } from '../../test/audit.ts';
import { useSandboxedConsole } from '../../test/review.ts';

const ctx = useSandboxedConsole(
  {},
  {
    alice: [['reviewer'], { name: 'Alice' }],
    bob: [['reviewer'], { name: 'Bob' }],
    auditor: [['auditor']],
  },
);
const { send } = ctx;

interface Hit {
  id: string;
  node_id: string;
  review_status: string;
}

/** A case with at least `n` unreviewed hits, delivered to the console through the sandbox's webhooks. */
async function caseWithHits(n: number): Promise<{ id: string; hits: Hit[] }> {
  for (let attempt = 0; attempt < 10; attempt++) {
    const [id] = await ctx.seed(['review_aml_hit']);
    const hits = await hitsOf(id!);
    if (hits.filter((h) => h.review_status === 'Unreviewed').length >= n) return { id: id!, hits };
  }
  throw new Error(`no case with ${n} unreviewed hits`);
}

async function hitsOf(id: string): Promise<Hit[]> {
  const row = await ctx.sessionRow(id);
  const screenings = (row!.decision as { aml_screenings: { node_id: string; hits: Hit[] }[] }).aml_screenings;
  return screenings.flatMap((s) => s.hits.map((h) => ({ ...h, node_id: s.node_id })));
}

const dispositionRows = (id: string) =>
  ctx.database.db
    .selectFrom('aml_dispositions')
    .selectAll()
    .where('session_id', '=', id)
    .orderBy('created_at')
    .execute();

describe('a comment per disposition', () => {
  it.each([
    ['missing', undefined],
    ['too short', 'ok'],
    ['blank', '     '],
  ])('refuses a disposition whose comment is %s (400, nothing sent to Didit)', async (_, comment) => {
    const { id, hits } = await caseWithHits(1);
    const res = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hits[0]!.id}`, {
      review_status: 'False Positive',
      ...(comment === undefined ? {} : { comment }),
    });
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
    expect(await dispositionRows(id)).toEqual([]);
    expect((await hitsOf(id))[0]!.review_status).toBe(hits[0]!.review_status);
  });

  it('keeps the comment with the disposition and in the audit entry; every role reads the history', async () => {
    const { id, hits } = await caseWithHits(1);
    const hit = hits.find((h) => h.review_status === 'Unreviewed')!;
    const res = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hit.id}`, {
      review_status: 'Inconclusive',
      comment: 'Date of birth differs by a year; asking compliance.',
    });
    expect(res.status).toBe(200);
    const [row] = await dispositionRows(id);
    expect(row).toMatchObject({
      hit_id: hit.id,
      node_id: hit.node_id,
      previous_status: 'Unreviewed',
      new_status: 'Inconclusive',
      comment: 'Date of birth differs by a year; asking compliance.',
      actor_id: ctx.as.alice.user.id,
      undoes_action: null,
    });
    const audit = await auditEntry(ctx.database.db, id, 'review.aml_hit');
    expect(audit.details).toMatchObject({ comment: 'Date of birth differs by a year; asking compliance.' });

    const list = await send(ctx.as.auditor, 'GET', `/api/sessions/${id}/aml-dispositions`);
    expect(list.status).toBe(200);
    const body = (await list.json()) as { items: unknown[]; last_action: unknown };
    expect(body.items).toEqual([
      expect.objectContaining({
        hit_id: hit.id,
        new_status: 'Inconclusive',
        actor: { id: ctx.as.alice.user.id, name: 'Alice' },
      }),
    ]);
    expect(body.last_action).toEqual({
      action_id: row!.action_id,
      actor_id: ctx.as.alice.user.id,
      hit_ids: [hit.id],
      new_status: 'Inconclusive',
    });
  });
});

describe('bulk false positive', () => {
  it('dismisses several hits with one comment: Didit shows them False Positive, one row and audit entry each', async () => {
    const { id, hits } = await caseWithHits(2);
    const open = hits.filter((h) => h.review_status === 'Unreviewed');
    const res = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-hits/false-positive`, {
      hit_ids: open.map((h) => h.id),
      comment: 'Different people: other nationality and birth year.',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { action_id: string; aml_unreviewed_hits: number; refreshed: boolean };
    expect(body).toMatchObject({ aml_unreviewed_hits: 0, refreshed: true });
    for (const h of await hitsOf(id)) {
      if (open.some((o) => o.id === h.id)) expect(h.review_status).toBe('False Positive');
    }
    const rows = await dispositionRows(id);
    expect(rows).toHaveLength(open.length);
    expect(new Set(rows.map((r) => r.action_id))).toEqual(new Set([body.action_id]));
    const audits = await ctx.database.db
      .selectFrom('audit_log')
      .select('subject_id')
      .where('session_id', '=', id)
      .where('action', '=', 'review.aml_hit')
      .execute();
    expect(audits.map((a) => a.subject_id).sort()).toEqual(open.map((h) => h.id).sort());
  });

  it('refuses a Confirmed Match in a bulk dismissal and an unknown hit, changing nothing', async () => {
    const { id, hits } = await caseWithHits(2);
    const [a, b] = hits.filter((h) => h.review_status === 'Unreviewed') as [Hit, Hit];
    expect(
      (
        await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${a.id}`, {
          review_status: 'Confirmed Match',
          comment: 'Same person: name, DOB and nationality match.',
        })
      ).status,
    ).toBe(200);
    const confirmed = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-hits/false-positive`, {
      hit_ids: [a.id, b.id],
      comment: 'Dismissing both.',
    });
    expect(confirmed.status).toBe(409);
    expect(await errorCode(confirmed)).toBe('CONFLICT');
    const unknown = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-hits/false-positive`, {
      hit_ids: [b.id, 'not-a-hit'],
      comment: 'Dismissing both.',
    });
    expect(unknown.status).toBe(404);
    expect((await hitsOf(id)).find((h) => h.id === b.id)?.review_status).toBe('Unreviewed');
    expect(await dispositionRows(id)).toHaveLength(1);
    const auditorTry = await send(ctx.as.auditor, 'POST', `/api/sessions/${id}/aml-hits/false-positive`, {
      hit_ids: [b.id],
      comment: 'Not my job.',
    });
    expect(auditorTry.status).toBe(403);
  });
});

describe('undo', () => {
  it('restores what the last action changed, for its author only, and only the last action', async () => {
    const { id, hits } = await caseWithHits(2);
    const open = hits.filter((h) => h.review_status === 'Unreviewed');
    const first = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${open[0]!.id}`, {
      review_status: 'Inconclusive',
      comment: 'Needs a second look.',
    });
    expect(first.status).toBe(200);
    const bulk = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-hits/false-positive`, {
      hit_ids: open.map((h) => h.id),
      comment: 'All different people.',
    });
    const { action_id } = (await bulk.json()) as { action_id: string };
    const firstAction = (await dispositionRows(id))[0]!.action_id;

    // Not the last action.
    const stale = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-dispositions/undo`, {
      action_id: firstAction,
    });
    expect(stale.status).toBe(409);
    // Not Bob's.
    const other = await send(ctx.as.bob, 'POST', `/api/sessions/${id}/aml-dispositions/undo`, { action_id });
    expect(other.status).toBe(403);
    expect(await errorCode(other)).toBe('FORBIDDEN');

    const undo = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-dispositions/undo`, { action_id });
    expect(undo.status).toBe(200);
    const now = await hitsOf(id);
    expect(now.find((h) => h.id === open[0]!.id)?.review_status).toBe('Inconclusive');
    expect(now.find((h) => h.id === open[1]!.id)?.review_status).toBe('Unreviewed');
    const undoRows = (await dispositionRows(id)).filter((r) => r.undoes_action === action_id);
    expect(undoRows).toHaveLength(open.length);

    // The last undoable action is now the first one; undoing it brings the hit back to Unreviewed.
    const list = (await (await send(ctx.as.alice, 'GET', `/api/sessions/${id}/aml-dispositions`)).json()) as {
      last_action: { action_id: string } | null;
    };
    expect(list.last_action?.action_id).toBe(firstAction);
    const again = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-dispositions/undo`, {
      action_id: firstAction,
    });
    expect(again.status).toBe(200);
    expect((await hitsOf(id)).find((h) => h.id === open[0]!.id)?.review_status).toBe('Unreviewed');
  });

  it('refuses to undo when the hit changed since (changed at Didit)', async () => {
    const { id, hits } = await caseWithHits(1);
    const hit = hits.find((h) => h.review_status === 'Unreviewed')!;
    const mine = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hit.id}`, {
      review_status: 'False Positive',
      comment: 'Different person.',
    });
    expect(mine.status).toBe(200);
    const { action_id } = (await dispositionRows(id))[0]!;
    // Didit's state moves on without the console (someone in Didit's dashboard); a refresh brings it here.
    const apiKey = ctx.sandbox.applications.find((a) => a.name === 'console')!.api_key;
    const outside = await fetch(`${ctx.sandbox.baseUrl()}/v3/session/${id}/update-aml-hit-status/`, {
      method: 'PATCH',
      headers: { 'x-api-key': apiKey, 'content-type': 'application/json' },
      body: JSON.stringify({ hit_id: hit.id, review_status: 'Inconclusive', node_id: hit.node_id }),
    });
    expect(outside.status).toBe(200);
    expect((await send(ctx.as.alice, 'POST', `/api/sessions/${id}/refresh`)).status).toBe(200);
    expect((await hitsOf(id)).find((h) => h.id === hit.id)?.review_status).toBe('Inconclusive');
    const undo = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/aml-dispositions/undo`, { action_id });
    expect(undo.status).toBe(409);
    expect((await hitsOf(id)).find((h) => h.id === hit.id)?.review_status).toBe('Inconclusive');
  });
});
