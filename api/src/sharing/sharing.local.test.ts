/**
 * What reusable KYC refuses or records on its own. The app has no Didit client: a request that reached
 * Didit would answer DIDIT_UNAVAILABLE, so every other code proves the refusal was local.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { errorOf, expectError, useTestApp } from '../../test/app.ts';
import { fakeShareToken, seedSession } from '../../test/sharing.ts';
import { insertImport } from './imports.repository.ts';
import { tokenFingerprint } from './share-token.ts';

const OUR_APP = '0f000000-0000-4000-8000-0000000000aa';
const PARTNER_APP = '0f000000-0000-4000-8000-0000000000bb';
const KYC_WORKFLOW = '0f000000-0000-4000-8000-0000000000c1';

const ctx = useTestApp(
  { env: { DIDIT_APPLICATION_ID: OUR_APP, DIDIT_IMPORT_WORKFLOWS: `KYC onboarding=${KYC_WORKFLOW}` } },
  { pm: [['partner_manager'], { name: 'Pat Manager' }], auditor: [['auditor']], reviewer: [['reviewer']] },
);
const { send } = ctx;
let partnerId: string;

const auditActions = async (action: string) =>
  ctx.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

describe('partners', () => {
  it('registers a partner with trust_review off by default, audits it, and counts nothing yet', async () => {
    const res = await send(ctx.as.pm, 'POST', '/api/partners', {
      name: 'Northwind Bank',
      application_id: PARTNER_APP.toUpperCase(),
      contact: 'kyc-ops@northwind.example',
    });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      name: 'Northwind Bank',
      application_id: PARTNER_APP,
      default_trust_review: false,
      shares: 0,
      imports: 0,
    });
    partnerId = body.id as string;
    const row = await ctx.database.db
      .selectFrom('partners')
      .selectAll()
      .where('id', '=', partnerId)
      .executeTakeFirstOrThrow();
    expect(row.application_id).toBe(PARTNER_APP);
    expect(row.created_by).toBe(ctx.as.pm.user.id);
    const [entry] = await auditActions('partner.create');
    expect(entry).toMatchObject({ subject_id: partnerId, actor_id: ctx.as.pm.user.id });
  });

  it.each([
    ['a duplicate application id', { name: 'Other', application_id: PARTNER_APP }, 409, 'CONFLICT'],
    [
      'a duplicate name in another case',
      { name: 'NORTHWIND BANK', application_id: randomUUID() },
      409,
      'CONFLICT',
    ],
    ['our own application', { name: 'Us', application_id: OUR_APP }, 422, 'SHARE_TO_OWN_APPLICATION'],
    ['an application id that is not a UUID', { name: 'Bad', application_id: 'northwind' }, 400, 'VALIDATION'],
    ['an empty name', { name: '  ', application_id: randomUUID() }, 400, 'VALIDATION'],
  ])('refuses %s', async (_what, body, status, code) => {
    const before = await ctx.database.db.selectFrom('partners').select('id').execute();
    const res = await send(ctx.as.pm, 'POST', '/api/partners', body);
    await expectError(res, status, code);
    expect(await ctx.database.db.selectFrom('partners').select('id').execute()).toHaveLength(before.length);
  });

  it('edits a partner and records before and after', async () => {
    const res = await send(ctx.as.pm, 'PATCH', `/api/partners/${partnerId}`, {
      default_trust_review: true,
      notes: 'DPA signed 2026-10',
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ default_trust_review: true, notes: 'DPA signed 2026-10' });
    const [entry] = await auditActions('partner.update');
    expect(entry?.before).toMatchObject({ default_trust_review: false });
    expect(entry?.after).toMatchObject({ default_trust_review: true });
    expect((await send(ctx.as.pm, 'PATCH', `/api/partners/${randomUUID()}`, { notes: 'x' })).status).toBe(
      404,
    );
    const empty = await send(ctx.as.pm, 'PATCH', `/api/partners/${partnerId}`, {});
    expect((await errorOf(empty)).code).toBe('VALIDATION');
  });

  it('lets auditors read partners but not change them; reviewers neither', async () => {
    expect((await send(ctx.as.auditor, 'GET', '/api/partners')).status).toBe(200);
    expect(
      (await send(ctx.as.auditor, 'POST', '/api/partners', { name: 'A', application_id: randomUUID() }))
        .status,
    ).toBe(403);
    expect((await send(ctx.as.reviewer, 'GET', '/api/partners')).status).toBe(403);
  });
});

describe('share: refused before Didit is asked', () => {
  it.each([
    ['an unfinished KYC session', { status: 'In Progress' }, { partner: true }, 409, 'SESSION_NOT_SHAREABLE'],
    [
      'an unfinished KYB session',
      { status: 'IN_PROGRESS', kind: 'business' as const },
      { partner: true },
      409,
      'SESSION_NOT_SHAREABLE',
    ],
    ['an abandoned session', { status: 'Abandoned' }, { partner: true }, 409, 'SESSION_NOT_SHAREABLE'],
    ['a TTL under a minute', { status: 'Approved' }, { partner: true, ttl: 59 }, 400, 'VALIDATION'],
    ['a TTL over a day', { status: 'Approved' }, { partner: true, ttl: 86_401 }, 400, 'VALIDATION'],
    ['a fractional TTL', { status: 'Approved' }, { partner: true, ttl: 90.5 }, 400, 'VALIDATION'],
    ['our own application', { status: 'Approved' }, { app: OUR_APP }, 422, 'SHARE_TO_OWN_APPLICATION'],
    ['no target', { status: 'Approved' }, {}, 400, 'VALIDATION'],
    ['an unknown partner', { status: 'Approved' }, { partnerId: randomUUID() }, 404, 'NOT_FOUND'],
  ])('%s', async (_what, session, t, status, code) => {
    const target: { partner?: boolean; partnerId?: string; app?: string; ttl?: number } = t;
    const id = await seedSession(ctx.database.db, session);
    const body = {
      ...(target.partner ? { partner_id: partnerId } : {}),
      ...(target.partnerId ? { partner_id: target.partnerId } : {}),
      ...(target.app ? { for_application_id: target.app } : {}),
      ...(target.ttl !== undefined ? { ttl_in_seconds: target.ttl } : {}),
    };
    const res = await send(ctx.as.pm, 'POST', `/api/sessions/${id}/share`, body);
    await expectError(res, status, code);
    expect(
      await ctx.database.db.selectFrom('share_tokens').select('id').where('session_id', '=', id).execute(),
    ).toEqual([]);
  });

  it('refuses a session the console does not know', async () => {
    const res = await send(ctx.as.pm, 'POST', `/api/sessions/${randomUUID()}/share`, {
      partner_id: partnerId,
    });
    await expectError(res, 404, 'NOT_FOUND');
  });

  it('reaches Didit for a finished session in either casing (no client here: DIDIT_UNAVAILABLE)', async () => {
    for (const status of ['In Review', 'APPROVED']) {
      const id = await seedSession(ctx.database.db, { status });
      const res = await send(ctx.as.pm, 'POST', `/api/sessions/${id}/share`, { partner_id: partnerId });
      expect((await errorOf(res)).code).toBe('DIDIT_UNAVAILABLE');
    }
  });

  it('is for partner managers only', async () => {
    const id = await seedSession(ctx.database.db, { status: 'Approved' });
    expect(
      (await send(ctx.as.reviewer, 'POST', `/api/sessions/${id}/share`, { partner_id: partnerId })).status,
    ).toBe(403);
    expect(
      (await send(ctx.as.auditor, 'POST', `/api/sessions/${id}/share`, { partner_id: partnerId })).status,
    ).toBe(403);
  });

  it('refuses a malformed ledger cursor', async () => {
    const res = await send(ctx.as.auditor, 'GET', '/api/shares?cursor=nope');
    await expectError(res, 400, 'VALIDATION');
  });
});

describe('import: refused before Didit is asked', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({
    session_id: randomUUID(),
    session_kind: 'user',
    from_application_id: PARTNER_APP,
    for_application_id: OUR_APP,
    iat: now() - 60,
    exp: now() + 3600,
    ...over,
  });

  it('previews a token: kind, partner by name, time left, the workflows to choose from', async () => {
    const c = claims();
    const token = fakeShareToken(c);
    const res = await send(ctx.as.pm, 'POST', '/api/imports/preview', { share_token: `\n${token}  ` });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      session_kind: 'user',
      source_session_id: c.session_id,
      source_application_id: PARTNER_APP,
      partner: { id: partnerId, name: 'Northwind Bank', default_trust_review: true },
      for_application_id: OUR_APP,
      our_application_id: OUR_APP,
      token_sha256: tokenFingerprint(token),
      already_imported: null,
      suggested_trust_review: true,
      workflows: [{ label: 'KYC onboarding', workflow_id: KYC_WORKFLOW, session_kind: null }],
    });
    expect(body.seconds_left).toBeGreaterThan(3500);
  });

  it.each([
    ['not a token', () => 'paste-error', 422, 'SHARE_TOKEN_MALFORMED'],
    ['an expired token', () => fakeShareToken(claims({ exp: now() - 120 })), 422, 'SHARE_TOKEN_EXPIRED'],
    [
      'a token for another application',
      () => fakeShareToken(claims({ for_application_id: randomUUID() })),
      422,
      'SHARE_TOKEN_WRONG_APPLICATION',
    ],
  ])('refuses %s, in preview and import alike, naming what to do', async (_what, token, status, code) => {
    const t = token();
    for (const [path, body] of [
      ['/api/imports/preview', { share_token: t }],
      ['/api/imports', { share_token: t, workflow_id: KYC_WORKFLOW }],
    ] as const) {
      const res = await send(ctx.as.pm, 'POST', path, body);
      expect(res.status).toBe(status);
      const err = await errorOf(res);
      expect(err.code).toBe(code);
      expect(err.message).toMatch(/Ask|again/);
      expect(err.message).not.toContain(t);
    }
    expect(await ctx.database.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });

  it('names the partner in an expiry message', async () => {
    const res = await send(ctx.as.pm, 'POST', '/api/imports/preview', {
      share_token: fakeShareToken(claims({ exp: now() - 10 })),
    });
    expect((await errorOf(res)).message).toContain('Ask Northwind Bank');
  });

  it('refuses a workflow this console does not import into', async () => {
    const res = await send(ctx.as.pm, 'POST', '/api/imports', {
      share_token: fakeShareToken(claims()),
      workflow_id: randomUUID(),
    });
    await expectError(res, 422, 'IMPORT_WORKFLOW_NOT_FOUND');
  });

  it('shows our earlier import of the same token instead of asking Didit again', async () => {
    const token = fakeShareToken(claims());
    const earlier = await seedSession(ctx.database.db, { status: 'In Review' });
    await insertImport(ctx.database.db, {
      token_sha256: tokenFingerprint(token),
      session_id: earlier,
      session_kind: 'user',
      source_session_id: randomUUID(),
      source_application_id: PARTNER_APP,
      for_application_id: OUR_APP,
      partner_id: partnerId,
      trust_review: false,
      workflow_id: KYC_WORKFLOW,
      source_status: null,
      landed_status: 'In Review',
      claims: null,
      imported_by: ctx.as.pm.user.id,
      imported_at: new Date(),
    });
    const preview = (await (
      await send(ctx.as.pm, 'POST', '/api/imports/preview', { share_token: token })
    ).json()) as {
      already_imported: { session_id: string; imported_by: string } | null;
    };
    expect(preview.already_imported).toMatchObject({ session_id: earlier, imported_by: 'Pat Manager' });
    const res = await send(ctx.as.reviewer, 'POST', '/api/imports', {
      share_token: token,
      workflow_id: KYC_WORKFLOW,
    });
    const err = await expectError(res, 409, 'SHARE_TOKEN_NOT_FOR_US_OR_USED');
    expect(err.details?.earlier_import).toMatchObject({ session_id: earlier });
  });

  it('reaches Didit with a valid token (no client here: DIDIT_UNAVAILABLE), and records nothing', async () => {
    const res = await send(ctx.as.pm, 'POST', '/api/imports', {
      share_token: fakeShareToken(claims()),
      workflow_id: KYC_WORKFLOW,
    });
    expect((await errorOf(res)).code).toBe('DIDIT_UNAVAILABLE');
  });

  it('is not for auditors', async () => {
    const res = await send(ctx.as.auditor, 'POST', '/api/imports', {
      share_token: fakeShareToken(claims()),
      workflow_id: KYC_WORKFLOW,
    });
    expect(res.status).toBe(403);
    expect((await send(ctx.as.auditor, 'GET', '/api/imports')).status).toBe(200);
  });
});

describe('batch share: checked before it starts', () => {
  it.each([
    ['both lists', { session_ids: ['a'], vendor_data: ['b'] }],
    ['neither list', {}],
    ['more than 500 sessions', { session_ids: Array.from({ length: 501 }, (_, i) => `s-${i}`) }],
    ['only blanks', { vendor_data: ['  ', ''] }],
  ])('refuses %s', async (_what, lists) => {
    const res = await send(ctx.as.pm, 'POST', '/api/shares/batch', { partner_id: partnerId, ...lists });
    await expectError(res, 400, 'VALIDATION');
    expect(await ctx.database.db.selectFrom('share_batches').select('id').execute()).toEqual([]);
  });

  it('records every row refused up front and finishes at once when nothing can be shared', async () => {
    const unfinished = await seedSession(ctx.database.db, {
      status: 'Not Started',
      vendorData: 'cust-unfinished',
    });
    const res = await send(ctx.as.pm, 'POST', '/api/shares/batch', {
      partner_id: partnerId,
      vendor_data: ['cust-unfinished', 'cust-unknown', 'cust-unfinished'],
    });
    expect(res.status).toBe(202);
    const batch = (await res.json()) as {
      id: string;
      status: string;
      total: number;
      failed: number;
      tokens: string;
      items: unknown[];
    };
    expect(batch).toMatchObject({ status: 'finished', total: 2, failed: 2, tokens: 'none' });
    expect(batch.items).toEqual([
      expect.objectContaining({
        row: 1,
        session_id: unfinished,
        vendor_data: 'cust-unfinished',
        status: 'failed',
        error_code: 'SESSION_NOT_SHAREABLE',
      }),
      expect.objectContaining({
        row: 2,
        session_id: null,
        vendor_data: 'cust-unknown',
        status: 'failed',
        error_code: 'NOT_FOUND',
      }),
    ]);
    const csv = await send(ctx.as.pm, 'GET', `/api/shares/batch/${batch.id}/tokens.csv`);
    await expectError(csv, 410, 'BATCH_TOKENS_GONE');
  });
});
