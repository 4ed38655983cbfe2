/**
 * Legal hold and erasure over HTTP, the sandbox as Didit: the hold refuses erasure; an erasure deletes the
 * session at Didit and leaves no personal data in the event log or the case, and neither a late event nor
 * `pnpm rebuild-sessions` brings it back. Who decided what, and when, stays.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LoggedIn } from '../../test/auth.ts';
import { useSandboxedConsole } from '../../test/review.ts';
import { applyEvent } from '../sessions/apply-event.ts';
import { eventFromDecision } from '../sessions/event-input.ts';
import { rebuildSessions } from '../sessions/rebuild.ts';
import { sessionDecision, sessionMetadata } from '../sessions/sessions.repository.ts';
import { rawBytesOfSession } from './records.repository.ts';

const ctx = useSandboxedConsole(
  {},
  {
    admin: [['admin'], { name: 'Ada Admin' }],
    reviewer: [['reviewer'], { name: 'Rita Reviewer' }],
    auditor: [['auditor']],
  },
);
const send = ctx.http;
const apiKey = () => ctx.sandbox.applications.find((a) => a.name === 'console')!.api_key;

const code = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;
const sessionRow = (id: string) =>
  ctx.database.db
    .selectFrom('sessions')
    .select(['status', 'vendor_data', 'full_name', 'document_number', 'search_text', 'has_decision'])
    .select([sessionDecision.as('decision'), sessionMetadata.as('metadata')])
    .where('session_id', '=', id)
    .executeTakeFirstOrThrow();
const eventsOf = (id: string) =>
  ctx.database.db
    .selectFrom('webhook_events')
    .select([
      'id',
      'status',
      'payload',
      'vendor_data',
      'decision_at',
      'has_metadata',
      'decision_full_name',
      'decision_document_number',
      'decision_search',
    ])
    .where('session_id', '=', id)
    .orderBy('id')
    .execute();
const diditDecision = (id: string) =>
  fetch(`${ctx.sandbox.baseUrl()}/v3/session/${id}/decision/`, { headers: { 'x-api-key': apiKey() } });
const erase = (who: LoggedIn, id: string, confirm = id) =>
  send(who, 'POST', `/api/sessions/${id}/erase`, {
    reason: 'Data subject request #41',
    confirm_session_id: confirm,
  });

/** A decided case: approved by a reviewer through Didit, with a note. */
async function decidedCase(): Promise<string> {
  const [id] = (await ctx.seed(['review'])) as [string];
  expect((await send(ctx.as.reviewer, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
  expect(
    (await send(ctx.as.reviewer, 'POST', `/api/sessions/${id}/notes`, { body: 'Selfie matches' })).status,
  ).toBe(201);
  const decided = await send(ctx.as.reviewer, 'POST', `/api/sessions/${id}/status`, {
    new_status: 'Approved',
    comment: 'Documents check out',
  });
  expect(decided.status).toBe(200);
  await ctx.sandbox.idle();
  return id;
}

describe('legal hold', () => {
  it('refuses erasure while set (nothing deleted at Didit, nothing redacted), then lets it run once released', async () => {
    const id = await decidedCase();
    const held = await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold`, {
      reason: 'Litigation 2026-17',
    });
    expect(held.status).toBe(200);
    expect(await held.json()).toMatchObject({
      legal_hold: { reason: 'Litigation 2026-17', set_by: { id: ctx.as.admin.user.id, name: 'Ada Admin' } },
      erasure: null,
    });
    expect(
      await code(await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold`, { reason: 'again' })),
    ).toBe('LEGAL_HOLD_ALREADY_SET');

    const refused = await erase(ctx.as.admin, id);
    expect(refused.status).toBe(409);
    expect(await code(refused)).toBe('LEGAL_HOLD');
    expect((await diditDecision(id)).status).toBe(200);
    expect((await sessionRow(id)).decision).not.toBeNull();
    expect(await rawBytesOfSession(ctx.database.db, id)).toBeGreaterThan(0);

    const released = await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold/release`, {
      reason: 'Case settled',
    });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ legal_hold: null });
    expect(
      await code(
        await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold/release`, { reason: 'twice' }),
      ),
    ).toBe('LEGAL_HOLD_NOT_SET');
    expect((await erase(ctx.as.admin, id)).status).toBe(200);

    const audit = await ctx.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor_id', 'details'])
      .where('session_id', '=', id)
      .where('action', 'like', 'records.%')
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual([
      ['records.legal_hold_set', ctx.as.admin.user.id],
      ['records.legal_hold_released', ctx.as.admin.user.id],
      ['records.session_erased', ctx.as.admin.user.id],
    ]);
    expect(audit[0]!.details).toEqual({ reason: 'Litigation 2026-17' });
  });

  it('is set and released by admins only; reviewers and auditors are refused, and the case stays as it was', async () => {
    const [id] = (await ctx.seed(['approve'])) as [string];
    for (const who of [ctx.as.reviewer, ctx.as.auditor]) {
      expect((await send(who, 'POST', `/api/sessions/${id}/legal-hold`, { reason: 'mine' })).status).toBe(
        403,
      );
      expect((await erase(who, id)).status).toBe(403);
    }
    expect(
      await code(await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold`, { reason: '' })),
    ).toBe('VALIDATION');
    const view = await send(ctx.as.auditor, 'GET', `/api/sessions/${id}/retention`);
    expect(await view.json()).toEqual({ legal_hold: null, erasure: null });
  });
});

describe('erasure', () => {
  it('deletes the session at Didit and redacts its personal data here, keeping who decided what and when', async () => {
    const id = await decidedCase();
    const before = await sessionRow(id);
    expect(before.full_name).not.toBeNull();
    const historyBefore = await send(ctx.as.auditor, 'GET', `/api/sessions/${id}`).then(
      async (r) => ((await r.json()) as { history: unknown[] }).history,
    );

    expect(await code(await erase(ctx.as.admin, id, 'another-id'))).toBe('VALIDATION');
    const res = await erase(ctx.as.admin, id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      erasure: {
        reason: 'Data subject request #41',
        didit_outcome: 'deleted',
        erased_by: { id: ctx.as.admin.user.id },
      },
    });

    // Didit: deleted (docs/didit.md §2.6: the decision answers 404 afterwards).
    expect((await diditDecision(id)).status).toBe(404);
    // Here: no names, documents, decision arrays, raw bodies or payloads; the statuses remain.
    const row = await sessionRow(id);
    expect(row).toMatchObject({
      status: 'Approved',
      decision: null,
      metadata: null,
      vendor_data: null,
      full_name: null,
      document_number: null,
    });
    expect(row.search_text).not.toContain(String(before.full_name).toLowerCase().split(' ')[0]);
    expect(await rawBytesOfSession(ctx.database.db, id)).toBe(0);
    for (const e of await eventsOf(id)) {
      expect(e).toMatchObject({ payload: null, vendor_data: null, decision_at: null, has_metadata: false });
      // What the queue showed of the decision, kept on the event (names, document numbers): gone too.
      expect(e).toMatchObject({
        decision_full_name: null,
        decision_document_number: null,
        decision_search: null,
      });
    }
    const view = (await (await send(ctx.as.auditor, 'GET', `/api/sessions/${id}`)).json()) as {
      history: unknown[];
    };
    expect(view.history).toEqual(historyBefore);
    // Who decided what and when.
    const decisions = await ctx.database.db
      .selectFrom('review_decisions')
      .select(['new_status', 'requested_by', 'state'])
      .where('session_id', '=', id)
      .execute();
    expect(decisions).toEqual([
      { new_status: 'Approved', requested_by: ctx.as.reviewer.user.id, state: 'sent' },
    ]);
    const verify = await send(ctx.as.auditor, 'GET', '/api/audit/verify');
    expect(((await verify.json()) as { ok: boolean }).ok).toBe(true);

    expect(await code(await erase(ctx.as.admin, id))).toBe('SESSION_ERASED');
    expect(
      await code(await send(ctx.as.admin, 'POST', `/api/sessions/${id}/legal-hold`, { reason: 'late' })),
    ).toBe('SESSION_ERASED');

    // A late copy of the old data (a Didit retry, a refresh queued before) is stored redacted.
    const late = eventFromDecision({
      source: 'refresh',
      sessionId: id,
      decision: {
        session_id: id,
        status: 'Approved',
        vendor_data: 'user-9',
        id_verifications: [{ first_name: 'Late' }],
      },
      fetchedAt: new Date(Date.now() + 60_000),
      eventKey: `late:${randomUUID()}`,
    });
    await applyEvent(ctx.database.db, late, new Date());
    expect(await sessionRow(id)).toMatchObject({ decision: null, vendor_data: null, full_name: null });
    expect(await rawBytesOfSession(ctx.database.db, id)).toBe(0);
    for (const e of await eventsOf(id))
      expect(e).toMatchObject({ decision_full_name: null, decision_search: null });

    // The event log holds the only copy of the decision: a row pointed back at one of the redacted events
    // shows none, and `pnpm rebuild-sessions` folds the redacted log to the redacted row.
    const [first] = await eventsOf(id);
    await ctx.database.db
      .updateTable('sessions')
      .set({ decision_event_id: first!.id, metadata_event_id: first!.id })
      .where('session_id', '=', id)
      .execute();
    expect(await sessionRow(id)).toMatchObject({ decision: null, metadata: null, has_decision: true });
    expect((await rebuildSessions(ctx.database.db)).rewritten).toBe(1);
    expect(await sessionRow(id)).toMatchObject({
      status: 'Approved',
      decision: null,
      metadata: null,
      has_decision: false,
      vendor_data: null,
    });

    // The case report still tells the story, and says the case was erased.
    const report = await send(ctx.as.admin, 'GET', `/api/sessions/${id}/report.pdf`);
    expect(report.status).toBe(200);
  });

  it('goes ahead when Didit already deleted the session (its delete is not idempotent: a repeat is 404)', async () => {
    const [id] = (await ctx.seed(['decline'])) as [string];
    const gone = await fetch(`${ctx.sandbox.baseUrl()}/v3/session/${id}/delete/`, {
      method: 'DELETE',
      headers: { 'x-api-key': apiKey() },
    });
    expect(gone.status).toBe(204);
    const res = await erase(ctx.as.admin, id);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ erasure: { didit_outcome: 'already_gone' } });
    expect((await sessionRow(id)).decision).toBeNull();
  });
});
