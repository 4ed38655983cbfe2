/**
 * The case report over HTTP: the console served on a port, the sandbox as Didit. The PDF's text and its
 * attached record are read back with pdf.js (an independent reader) and compared with the case.
 */
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { describe, expect, it } from 'vitest';
import { auditEntry } from '../../test/audit.ts';
import { useSandboxedConsole } from '../../test/review.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';
import type { CaseRecord } from './report.service.ts';

const ctx = useSandboxedConsole(
  { env: { FOUR_EYES: 'overturn_decline' } },
  {
    alice: [['reviewer'], { name: 'Alice Reviewer' }],
    bob: [['reviewer'], { name: 'Bob Confirmer' }],
    auditor: [['auditor'], { name: 'Audrey Auditor' }],
    partner: [['partner_manager']],
  },
);
const send = ctx.http;

const FONTS = `${path.resolve(import.meta.dirname, '../../node_modules/pdfjs-dist/standard_fonts')}/`;

/** Every page's text (one string, whitespace collapsed) and the attached files, as pdf.js reads them. */
async function readPdf(bytes: Uint8Array) {
  const doc = await getDocument({ data: bytes, standardFontDataUrl: FONTS, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(
      content.items
        .map((it) => ('str' in it ? it.str : ''))
        .join(' ')
        .replace(/\s+/g, ' '),
    );
  }
  const attachments = ((await doc.getAttachments()) ?? {}) as Record<string, { content: Uint8Array }>;
  const record = attachments['case-record.json']
    ? (JSON.parse(new TextDecoder().decode(attachments['case-record.json'].content)) as CaseRecord)
    : undefined;
  return { pages, text: pages.join(' '), record };
}

/** A declined case with an AML hit, a note, a disposition and an overturn confirmed by a second reviewer. */
async function reviewedCase(): Promise<{ id: string; hitId: string }> {
  const [id] = (await ctx.seed(['decline_aml_hit'])) as [string];
  const row = await ctx.database.db
    .selectFrom('sessions')
    .select(sessionDecision.as('decision'))
    .where('session_id', '=', id)
    .executeTakeFirstOrThrow();
  const hit = (row.decision as { aml_screenings: { hits: { id: string }[] }[] }).aml_screenings.flatMap(
    (s) => s.hits,
  )[0];
  if (!hit) throw new Error('the scenario has no AML hit');
  expect((await send(ctx.as.alice, 'POST', `/api/sessions/${id}/claim`)).status).toBe(200);
  expect(
    (
      await send(ctx.as.alice, 'POST', `/api/sessions/${id}/notes`, {
        body: 'Phoned the customer about the hit',
      })
    ).status,
  ).toBe(201);
  const aml = await send(ctx.as.alice, 'PATCH', `/api/sessions/${id}/aml-hits/${hit.id}`, {
    review_status: 'False Positive',
    comment: 'Different birth year than the listed person',
  });
  expect(aml.status).toBe(200);
  const staged = await send(ctx.as.alice, 'POST', `/api/sessions/${id}/status`, {
    new_status: 'Approved',
    comment: 'The hit was a namesake',
  });
  expect(staged.status).toBe(202);
  const { staged: s } = (await staged.json()) as { staged: { id: string } };
  expect((await send(ctx.as.bob, 'POST', `/api/review/pending/${s.id}/confirm`)).status).toBe(200);
  await ctx.sandbox.idle();
  // The webhook's whole-second timestamp can fall behind the disposition's re-fetch: fetch once more.
  expect((await send(ctx.as.alice, 'POST', `/api/sessions/${id}/refresh`)).status).toBe(200);
  await ctx.untilStatus(id, 'Approved');
  return { id, hitId: hit.id };
}

describe('GET /api/sessions/:id/report.pdf', () => {
  it("prints the console's record of the case and appends Didit's report for a reviewer", async () => {
    const { id, hitId } = await reviewedCase();
    const res = await send(ctx.as.alice, 'GET', `/api/sessions/${id}/report.pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="case_${id}.pdf"`);
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));

    expect(pdf.text).toContain(`Case report — session ${id}`);
    expect(pdf.text).toContain('Status: Approved');
    expect(pdf.text).toContain('Approved — sent, requested');
    expect(pdf.text).toContain('by Alice Reviewer');
    expect(pdf.text).toContain('Comment: The hit was a namesake');
    expect(pdf.text).toMatch(/Four-eyes: required \(overturn_decline\); confirmed \S+ by Bob Confirmer/);
    expect(pdf.text).toContain('Phoned the customer about the hit');
    expect(pdf.text).toContain(`hit ${hitId}: Unreviewed -> False Positive by Alice Reviewer`);
    expect(pdf.text).toContain('Comment: Different birth year than the listed person');
    expect(pdf.text).toContain('review.decision_confirmed');
    expect(pdf.text).toContain('records.report');

    // Didit's own report (the sandbox renders one for Approved) follows the console's pages.
    expect(pdf.text).toContain(`Didit's own report (session_${id}.pdf) follows`);
    expect(pdf.pages.at(-1)).toContain(`Didit sandbox report ${id} Approved`);

    // The attached record matches the database, and its head is a real chain position.
    const record = pdf.record!;
    expect(record.session.session_id).toBe(id);
    expect(record.decisions.map((d) => [d.state, d.requested_by.id, d.confirmed_by?.id])).toEqual([
      ['sent', ctx.as.alice.user.id, ctx.as.bob.user.id],
    ]);
    const entries = await ctx.database.db
      .selectFrom('audit_log')
      .select(['seq', 'hash', 'action'])
      .where('session_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(record.audit.entries.map((e) => [e.seq, e.hash, e.action])).toEqual(
      entries.map((e) => [Number(e.seq), e.hash, e.action]),
    );
    expect(record.audit.entries.at(-1)).toMatchObject({
      action: 'records.report',
      actor_id: ctx.as.alice.user.id,
    });
    const head = record.audit.head!;
    expect(pdf.text).toContain(`pnpm audit:verify --expect-head ${head.seq}:`);
    const atHead = await ctx.database.db
      .selectFrom('audit_log')
      .select('hash')
      .where('seq', '=', head.seq)
      .executeTakeFirstOrThrow();
    expect(atHead.hash).toBe(head.hash);
    expect(head.seq).toBeGreaterThanOrEqual(record.audit.entries.at(-1)!.seq);
    // A reviewer does not read the audit log: addresses are withheld, hashes are not rechecked.
    expect(record.audit.entries.every((e) => e.ip === null && e.hash_ok === null)).toBe(true);
  });

  it("gives an auditor the record with each entry's hash checked, without Didit's personal data", async () => {
    const { id } = await reviewedCase();
    const res = await send(ctx.as.auditor, 'GET', `/api/sessions/${id}/report.pdf`);
    expect(res.status).toBe(200);
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.text).toContain('Not included: withheld: it holds personal data your role does not see');
    expect(pdf.text).not.toContain('Didit sandbox report');
    expect(pdf.text).toContain('[hash ok]');
    expect(pdf.text).not.toContain('HASH MISMATCH');
    const record = pdf.record!;
    expect(record.audit.entries.every((e) => e.hash_ok === true)).toBe(true);
    const stored = await ctx.database.db
      .selectFrom('sessions')
      .select('document_number')
      .where('session_id', '=', id)
      .executeTakeFirstOrThrow();
    if (stored.document_number) {
      expect(record.session.document_number).not.toBe(stored.document_number);
      expect(pdf.text).not.toContain(stored.document_number);
    }
    const access = await auditEntry(ctx.database.db, id, 'records.report');
    expect(access.actor_id).toBe(ctx.as.auditor.user.id);
    expect(access.details).toEqual({ didit_report: expect.stringMatching(/^withheld/) });
  });

  it("says why Didit's report is missing when Didit renders none for the status", async () => {
    const [id] = (await ctx.seed(['abandon'])) as [string];
    const res = await send(ctx.as.alice, 'GET', `/api/sessions/${id}/report.pdf`);
    expect(res.status).toBe(200);
    const pdf = await readPdf(new Uint8Array(await res.arrayBuffer()));
    expect(pdf.text).toContain('Not included: not rendered by Didit for this status (403)');
    expect(pdf.text).toContain('No reviewer decision.');
  });

  it('is refused to partner managers and answers NOT_FOUND for an unknown case', async () => {
    const [id] = (await ctx.seed(['approve'])) as [string];
    const refused = await send(ctx.as.partner, 'GET', `/api/sessions/${id}/report.pdf`);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('FORBIDDEN');
    const missing = await send(ctx.as.alice, 'GET', '/api/sessions/no-such-session/report.pdf');
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });
});
