import { appendAudit } from '../audit/audit.service.ts';
import { notFound } from '../platform/errors.ts';
import { arrayItems } from './decision-rules.ts';
import {
  freshDecision,
  IMAGE_TYPES,
  type MediaStream,
  SANDBOX_IMAGE_TYPES,
  streamLink,
} from './media.service.ts';
import type { Actor, ReviewDeps } from './review.deps.ts';

/** What a KYB company document may be: a PDF or an image. Served with a strict CSP (see the route). */
const DOCUMENT_TYPES = ['application/pdf', ...IMAGE_TYPES] as const;
const SANDBOX_DOCUMENT_TYPES = ['application/pdf', ...SANDBOX_IMAGE_TYPES] as const;
export type DocumentType = (typeof SANDBOX_DOCUMENT_TYPES)[number];

/** `<index in document_verifications>-<index in its documents>`, the position the case page shows it at. */
const KEY = /^(\d{1,3})-(\d{1,3})$/;

/**
 * One KYB company document (certificate of incorporation, shareholder register…), streamed through the
 * console like the KYC images: the presigned `file_url` is read from a fresh decision, fetched once under the
 * media policy and forgotten. Each opening is audited (`review.document_view`, with the document's position
 * and type, never its link or file name).
 */
export async function fetchCompanyDocument(
  deps: ReviewDeps,
  actor: Actor,
  sessionId: string,
  key: string,
): Promise<MediaStream<DocumentType>> {
  const match = KEY.exec(key);
  if (!match) throw notFound('Document');
  const decision = await freshDecision(deps, sessionId);
  const node = arrayItems(decision, 'document_verifications')[Number(match[1])];
  const documents = Array.isArray(node?.documents) ? node.documents : [];
  const doc: unknown = documents[Number(match[2])];
  const link = doc && typeof doc === 'object' ? (doc as Record<string, unknown>).file_url : undefined;
  if (typeof link !== 'string' || link === '') throw notFound('Document');
  const stream = await streamLink(
    deps.media,
    link,
    deps.media.allowSvg ? SANDBOX_DOCUMENT_TYPES : DOCUMENT_TYPES,
  );
  const type = (doc as Record<string, unknown>).document_type;
  await appendAudit(deps.db, {
    ...actor.audit,
    at: deps.clock.now(),
    action: 'review.document_view',
    subjectType: 'session',
    subjectId: sessionId,
    sessionId,
    details: { document: key, document_type: typeof type === 'string' ? type.slice(0, 80) : null },
  });
  return stream;
}
