import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { setAmlHitStatus } from './aml.service.ts';
import { fetchCompanyDocument } from './company-documents.service.ts';
import { fetchMedia, listMedia } from './media.service.ts';
import { addNote, listCaseNotes } from './notes.service.ts';
import type { ReviewDeps } from './review.deps.ts';
import { actorOf } from './review.routes.ts';
import {
  AmlBody,
  AmlDisposition,
  AmlDowngradeStaged,
  MediaItem,
  Note,
  NoteBody,
  SessionParam,
} from './review.schemas.ts';

const listNotesRoute = route('get', '/api/sessions/{id}/notes', {
  summary: "A case's reviewer notes, oldest first",
  request: { params: SessionParam },
  responses: { 200: json(z.object({ items: z.array(Note) }), 'Notes') },
});

const addNoteRoute = route('post', '/api/sessions/{id}/notes', {
  summary: 'Add a note (append-only)',
  request: {
    params: SessionParam,
    body: jsonBody(NoteBody),
  },
  responses: { 201: json(z.object({ note: Note }), 'Added') },
});

const amlRoute = route('patch', '/api/sessions/{id}/aml-hits/{hitId}', {
  summary: 'Disposition of one AML hit, sent to Didit; the decision is re-fetched and applied',
  request: {
    params: SessionParam.extend({ hitId: z.string().min(1).max(200) }),
    body: jsonBody(AmlBody),
  },
  responses: {
    200: json(AmlDisposition, 'Didit took the disposition'),
    202: json(
      AmlDowngradeStaged,
      'Downgrading a confirmed match (four-eyes): staged until a second reviewer sends the same disposition',
    ),
  },
  errors: {
    403: 'FOUR_EYES_SAME_REVIEWER: the downgrade you staged needs another reviewer',
    404: 'NOT_FOUND: no such session or hit',
    409: 'CLAIMED_BY_OTHER',
  },
});

const mediaListRoute = route('get', '/api/sessions/{id}/media', {
  summary: "The case's images (fresh from Didit; links are never stored)",
  request: { params: SessionParam },
  responses: { 200: json(z.object({ items: z.array(MediaItem) }), 'Images available now') },
});

const mediaRoute = route('get', '/api/sessions/{id}/media/{key}', {
  summary: 'One image, streamed through the console',
  request: { params: SessionParam.extend({ key: z.string().min(1).max(64) }) },
  responses: {
    200: {
      description: 'The image bytes (image/jpeg, png, webp, gif or avif)',
      content: { 'image/*': { schema: z.string().openapi({ format: 'binary' }) } },
    },
  },
  errors: { 404: 'NOT_FOUND', 502: 'DIDIT_ERROR: the link expired or the media is not an image' },
});

const documentRoute = route('get', '/api/sessions/{id}/documents/{key}', {
  summary: 'One KYB company document (PDF or image), streamed through the console; each opening is audited',
  request: { params: SessionParam.extend({ key: z.string().min(1).max(16) }) },
  responses: {
    200: {
      description: 'The document bytes (application/pdf, image/jpeg, png, webp, gif or avif)',
      content: {
        'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
        'image/*': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
  },
  errors: {
    404: 'NOT_FOUND: no such session, or no file at that position',
    502: 'DIDIT_ERROR: the link expired or the file is not a PDF or image',
  },
});

/** Headers for bytes fetched from Didit: never cached, never sniffed, shown inline. */
function streamed(media: { contentType: string; contentLength: number | null; body: ReadableStream }) {
  const headers: Record<string, string> = {
    'Content-Type': media.contentType,
    'Cache-Control': 'no-store',
    'Content-Disposition': 'inline',
    'X-Content-Type-Options': 'nosniff',
  };
  if (media.contentLength !== null) headers['Content-Length'] = String(media.contentLength);
  return new Response(media.body, { status: 200, headers });
}

export function evidenceRoutes(deps: ReviewDeps) {
  const router = createRouter();
  router.openapi(listNotesRoute, async (c) =>
    c.json({ items: await listCaseNotes(deps, c.req.valid('param').id) }, 200),
  );
  router.openapi(addNoteRoute, async (c) => {
    const note = await addNote(deps, actorOf(c), c.req.valid('param').id, c.req.valid('json').body);
    return c.json({ note }, 201);
  });
  router.openapi(amlRoute, async (c) => {
    const { id, hitId } = c.req.valid('param');
    const out = await setAmlHitStatus(deps, actorOf(c), id, hitId, c.req.valid('json'));
    return 'staged' in out ? c.json(out, 202) : c.json(out, 200);
  });
  router.openapi(mediaListRoute, async (c) =>
    c.json({ items: await listMedia(deps, c.req.valid('param').id) }, 200),
  );
  router.openapi(mediaRoute, async (c) => {
    const { id, key } = c.req.valid('param');
    return streamed(await fetchMedia(deps, id, key));
  });
  router.openapi(documentRoute, async (c) => {
    const { id, key } = c.req.valid('param');
    return streamed(await fetchCompanyDocument(deps, actorOf(c), id, key));
  });
  return router;
}
