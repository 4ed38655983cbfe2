import { createHash } from 'node:crypto';
import type { PyValue } from '@console/didit/python-json';
import { Hono } from 'hono';
import { appOf, type Core, type SandboxEnv } from './core.ts';
import { optionalString, requiredChoice } from './fields.ts';
import type { Obj } from './generator-context.ts';
import { ApiError, notFound, pyJson, readJsonObject } from './http.ts';
import { apiClientReview, type SessionStatus, wireStatus } from './statuses.ts';
import type { SessionRecord } from './store.ts';

/**
 * Statuses Didit renders a PDF for (https://docs.didit.me/sessions-api/generate-pdf): KYC Approved, Declined,
 * In Review, Kyc Expired; KYB Approved, Declined, In Review. Anything else is a 403 whose detail explains
 * (the page gives no wording; the text below is the sandbox's).
 */
const PDF_STATUSES: Record<'user' | 'business', ReadonlySet<SessionStatus>> = {
  user: new Set(['Approved', 'Declined', 'In Review', 'Kyc Expired']),
  business: new Set(['Approved', 'Declined', 'In Review']),
};

/** `new_status` a review may set (https://docs.didit.me/management-api/sessions/create-review). */
const REVIEW_STATUSES: readonly SessionStatus[] = ['Approved', 'Declined', 'In Review'];
const MAX_REVIEW_COMMENT = 10_000;

/** A one-page PDF naming the session: real PDF syntax, so a client can check the bytes it gets. */
function sessionPdf(rec: SessionRecord): Uint8Array {
  const text = `Didit sandbox report ${rec.id} ${wireStatus(rec, rec.status)}`.replace(/[()\\]/g, '');
  const stream = `BT /F1 12 Tf 40 800 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

const activityId = (rec: SessionRecord, i: number) => {
  const h = createHash('sha256').update(`${rec.id}:review:${i}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** generate-pdf (§2.7) and the session reviews feed (§2.5). */
export function reportRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  r.get('/v3/session/:id/generate-pdf/', (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    if (!PDF_STATUSES[rec.kind].has(rec.status)) {
      throw new ApiError(403, {
        detail: `A PDF report is not available for a session in status ${wireStatus(rec, rec.status)}.`,
      });
    }
    const prefix = rec.kind === 'user' ? 'session' : 'business';
    return c.body(sessionPdf(rec) as unknown as ArrayBuffer, 200, {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename=${prefix}_${rec.id}.pdf`,
    });
  });

  // KYC sessions only: a KYB id is a 404 (https://docs.didit.me/management-api/sessions/list-reviews).
  r.get('/v3/sessions/:id/reviews/', (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (rec?.kind !== 'user') throw notFound();
    const limit = Math.max(1, Math.min(Number(c.req.query('limit') ?? 50) || 50, 1000));
    const offset = Math.max(0, Number(c.req.query('offset') ?? 0) || 0);
    const oldestFirst = c.req.query('ordering') === 'created_at';
    const rows = ((rec.decision.reviews ?? []) as Obj[]).map((rv, i) => ({
      uuid: activityId(rec, i),
      activity_type: 'STATUS_UPDATED',
      actor_display: rv.user ?? 'API Client',
      actor_email: null,
      actor_type: 'API_KEY',
      new_status: rv.new_status ?? null,
      previous_status: rv.previous_status ?? null,
      comment: rv.comment ?? null,
      mentioned_emails: [],
      previous_value: { status: rv.previous_status ?? null },
      new_value: { status: rv.new_status ?? null },
      changed_fields: ['status'],
      metadata: null,
      created_at: rv.created_at ?? null,
    }));
    if (!oldestFirst) rows.reverse();
    const page = rows.slice(offset, offset + limit);
    const url = (o: number) => `${new URL(c.req.url).pathname}?limit=${limit}&offset=${o}`;
    return pyJson(c, 200, {
      count: rows.length,
      next: offset + limit < rows.length ? url(offset + limit) : null,
      previous: offset > 0 ? url(Math.max(0, offset - limit)) : null,
      results: page as PyValue,
    });
  });

  r.post('/v3/sessions/:id/reviews/', async (c) => {
    const rec = core.store.session(appOf(c), c.req.param('id'));
    if (!rec) throw notFound();
    const body = await readJsonObject(c);
    const target = requiredChoice(body, 'new_status', REVIEW_STATUSES);
    const comment = optionalString(body, 'comment', MAX_REVIEW_COMMENT);
    const previous = rec.status;
    const review = apiClientReview(rec, target, comment, core.clock.now());
    (rec.decision.reviews as PyValue[]).push(review);
    if (target !== previous) {
      core.store.setStatus(rec, target);
      void core.dispatcher.emit(rec, 'status.updated');
    }
    const { previous_status: _omit, ...answer } = review;
    return pyJson(c, 201, answer);
  });

  return r;
}
