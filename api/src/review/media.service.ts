import { isDiditError } from '@console/didit/errors';
import type { Decision } from '@console/didit/types';
import { AppError, notFound } from '../platform/errors.ts';
import { toAppError } from '../platform/http/didit-errors.ts';
import { requireDidit } from '../sessions/fetch-decision.ts';
import { getCaseOrThrow } from './case.repository.ts';
import { arrayItems } from './decision-rules.ts';
import { fetchMediaLink, type MediaPolicy, type MediaResponse } from './media-fetch.ts';
import type { ReviewDeps } from './review.deps.ts';

/** The images a reviewer compares. Key prefix → where its presigned URL sits in the decision. */
const MEDIA_KINDS = {
  portrait: {
    array: 'id_verifications',
    field: 'portrait_image',
    label: 'Portrait',
    feature: 'ID_VERIFICATION',
  },
  document_front: {
    array: 'id_verifications',
    field: 'front_image',
    label: 'Document front',
    feature: 'ID_VERIFICATION',
  },
  document_back: {
    array: 'id_verifications',
    field: 'back_image',
    label: 'Document back',
    feature: 'ID_VERIFICATION',
  },
  liveness_reference: {
    array: 'liveness_checks',
    field: 'reference_image',
    label: 'Liveness reference',
    feature: 'LIVENESS',
  },
  face_match_source: {
    array: 'face_matches',
    field: 'source_image',
    label: 'Face match source',
    feature: 'FACE_MATCH',
  },
  face_match_target: {
    array: 'face_matches',
    field: 'target_image',
    label: 'Face match target',
    feature: 'FACE_MATCH',
  },
} as const;
type MediaKind = keyof typeof MEDIA_KINDS;

const KEY = /^([a-z_]+)-(\d{1,3})$/;

export interface MediaItem {
  /** `<kind>-<index in its array>`, e.g. `document_front-0`; opaque to clients. */
  key: string;
  label: string;
  node_id: string | null;
  feature: string;
}

interface Located extends MediaItem {
  url: string;
}

function locate(decision: unknown): Located[] {
  const out: Located[] = [];
  for (const [kind, spec] of Object.entries(MEDIA_KINDS) as [MediaKind, (typeof MEDIA_KINDS)[MediaKind]][]) {
    const items = arrayItems(decision, spec.array);
    items.forEach((item, i) => {
      const url = item[spec.field];
      if (typeof url !== 'string' || url === '') return;
      out.push({
        key: `${kind}-${i}`,
        label: items.length > 1 ? `${spec.label} (${i + 1})` : spec.label,
        node_id: typeof item.node_id === 'string' ? item.node_id : null,
        feature: spec.feature,
        url,
      });
    });
  }
  return out;
}

/** Presigned URLs expire: every view asks Didit for a fresh decision, and the URLs are never stored. */
export async function freshDecision(deps: ReviewDeps, sessionId: string): Promise<Decision> {
  await getCaseOrThrow(deps.db, sessionId);
  try {
    return await requireDidit(deps.didit).getDecision(sessionId);
  } catch (e) {
    throw isDiditError(e) ? toAppError(e) : e;
  }
}

export async function listMedia(deps: ReviewDeps, sessionId: string): Promise<MediaItem[]> {
  return locate(await freshDecision(deps, sessionId)).map(({ url: _url, ...item }) => item);
}

/** Image types a browser renders that cannot carry script. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/avif'] as const;
/**
 * SVG can carry script, so it is served only when the media policy allows it (the console's own sandbox
 * draws SVG specimens); Didit's media are raster images.
 */
export const SANDBOX_IMAGE_TYPES = [...IMAGE_TYPES, 'image/svg+xml'] as const;
const MAX_MEDIA_BYTES = 20 * 1024 * 1024;
const MEDIA_TIMEOUT_MS = 20_000;

export interface MediaStream<T extends string = (typeof SANDBOX_IMAGE_TYPES)[number]> {
  contentType: T;
  contentLength: number | null;
  body: ReadableStream<Uint8Array>;
}

/**
 * Every way an image can fail to arrive answers the same: which host a link named, whether it was refused,
 * unreachable, slow, redirected or not an image, would otherwise let whoever controls a decision probe the
 * console's network through it.
 */
const unavailable = () =>
  new AppError('DIDIT_ERROR', 'The image is not available (its link may have expired); reload to try again');

/**
 * Streams one image through the console (the SPA's CSP only loads same-origin images). The presigned URL is
 * used once and forgotten: never logged, stored or put in an error. Only the hosts and addresses the media
 * policy allows are fetched (media-fetch.ts).
 */
export async function fetchMedia(deps: ReviewDeps, sessionId: string, key: string): Promise<MediaStream> {
  const match = KEY.exec(key);
  if (!match || !Object.hasOwn(MEDIA_KINDS, match[1] as string)) throw notFound('Media');
  const found = locate(await freshDecision(deps, sessionId)).find((m) => m.key === key);
  if (!found) throw notFound('Media');
  return streamLink(deps.media, found.url, deps.media.allowSvg ? SANDBOX_IMAGE_TYPES : IMAGE_TYPES);
}

/**
 * Fetches one presigned link under the media policy and streams its body, if it is one of `types` and no
 * larger than MAX_MEDIA_BYTES. Every failure is the same `unavailable()` error.
 */
export async function streamLink<T extends string>(
  policy: MediaPolicy,
  link: string,
  types: readonly T[],
): Promise<MediaStream<T>> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw unavailable();
  }
  let res: MediaResponse;
  try {
    // No redirects: a presigned link answers directly, and following one could reach anywhere.
    res = await fetchMediaLink(url, policy, MEDIA_TIMEOUT_MS);
  } catch {
    throw unavailable();
  }
  const type = res.contentType.split(';')[0]!.trim().toLowerCase();
  const contentType = types.find((t) => t === type);
  const declared = res.contentLength;
  const contentLength = declared !== null && /^\d+$/.test(declared) ? Number(declared) : null;
  if (res.status !== 200 || !contentType || (contentLength !== null && contentLength > MAX_MEDIA_BYTES)) {
    res.cancel();
    throw unavailable();
  }
  let seen = 0;
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > MAX_MEDIA_BYTES) controller.error(new Error('media exceeds size cap'));
        else controller.enqueue(chunk);
      },
    }),
  );
  return { contentType, contentLength, body };
}
