// Shape checks for Didit's 2xx bodies. They check only what the console relies on and keep everything
// else exactly as sent (arrays untouched). Error messages name the field, never its value: values may be
// personal data or secrets.
import {
  AML_REVIEW_STATUSES,
  type AmlReviewStatus,
  type BulkUpdateAmlHitStatusResponse,
  type CreateSessionResponse,
  type Decision,
  type DiditEntity,
  ENTITY_STATUSES,
  type EntityStatus,
  type ImportSharedResponse,
  type ListSessionRow,
  type ListSessionsResponse,
  type Page,
  SESSION_KINDS,
  type SessionActivity,
  type SessionKind,
  type SessionReview,
  type ShareResponse,
  type UpdateAmlHitStatusResponse,
  type WebhookDestination,
} from './types.ts';

type Obj = Record<string, unknown>;

function asObject(v: unknown, what = 'body'): Obj {
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    throw new Error(`${what} is not a JSON object`);
  return v as Obj;
}

function str(o: Obj, key: string, what = 'body'): string {
  const v = o[key];
  if (typeof v !== 'string' || v.length === 0) throw new Error(`${what}.${key} is missing or not a string`);
  return v;
}

const optStr = (o: Obj, key: string): string | null =>
  typeof o[key] === 'string' ? (o[key] as string) : null;
const optNum = (o: Obj, key: string): number | null =>
  typeof o[key] === 'number' ? (o[key] as number) : null;
const isKind = (v: unknown): v is SessionKind => SESSION_KINDS.includes(v as SessionKind);

export function parseCreateSession(body: unknown): CreateSessionResponse {
  const o = asObject(body);
  str(o, 'session_id');
  str(o, 'status');
  return o as CreateSessionResponse;
}

export function parseDecision(body: unknown): Decision {
  const o = asObject(body);
  str(o, 'session_id');
  str(o, 'status');
  return o as Decision;
}

export function parseListSessions(body: unknown): ListSessionsResponse {
  const o = asObject(body);
  if (!Array.isArray(o.results)) throw new Error('body.results is not an array');
  const results = o.results.map((row, i) => {
    const r = asObject(row, `results[${i}]`);
    str(r, 'session_id', `results[${i}]`);
    return r as ListSessionRow;
  });
  return {
    ...o,
    count: typeof o.count === 'number' ? o.count : results.length,
    next: optStr(o, 'next'),
    previous: optStr(o, 'previous'),
    results,
  };
}

export function parseUpdateStatus(body: unknown): { session_id: string } {
  const o = asObject(body);
  return { ...o, session_id: str(o, 'session_id') };
}

export function parseShare(body: unknown): ShareResponse {
  const o = asObject(body);
  str(o, 'share_token');
  str(o, 'for_application_id');
  if (!isKind(o.session_kind)) throw new Error('body.session_kind is not user or business');
  return o as unknown as ShareResponse;
}

/**
 * Either documented import shape (docs/didit.md §2.9): the seed's full clone carries `session_kind`, `shared_from_session`
 * and plural arrays; the docs' compact record carries `session_url`, `workflow_id`, `created_at`.
 */
export function parseImportShared(body: unknown): ImportSharedResponse {
  const o = asObject(body);
  const fullClone = 'shared_from_session' in o || 'session_kind' in o;
  return {
    session_id: str(o, 'session_id'),
    status: str(o, 'status'),
    session_kind: isKind(o.session_kind) ? o.session_kind : null,
    session_number: optNum(o, 'session_number'),
    shared_from_session: optStr(o, 'shared_from_session'),
    workflow_id: optStr(o, 'workflow_id'),
    vendor_data: optStr(o, 'vendor_data'),
    shape: fullClone ? 'full_clone' : 'compact',
    body: o,
  };
}

export function parseUpdateAmlHit(body: unknown): UpdateAmlHitStatusResponse {
  const o = asObject(body);
  const review = str(o, 'review_status');
  if (!AML_REVIEW_STATUSES.includes(review as AmlReviewStatus))
    throw new Error('body.review_status is unknown');
  return {
    ...o,
    message: optStr(o, 'message') ?? '',
    hit_id: str(o, 'hit_id'),
    review_status: review as AmlReviewStatus,
  };
}

export function parseBulkUpdateAmlHits(body: unknown): BulkUpdateAmlHitStatusResponse {
  const o = asObject(body);
  const list = Array.isArray(o.updated_hits) ? o.updated_hits : [];
  return {
    ...o,
    message: optStr(o, 'message') ?? '',
    updated_hits: list.map((u) => {
      const item = asObject(u);
      const review = str(item, 'review_status');
      if (!AML_REVIEW_STATUSES.includes(review as AmlReviewStatus))
        throw new Error('body.updated_hits[].review_status is unknown');
      return { hit_id: str(item, 'hit_id'), review_status: review as AmlReviewStatus };
    }),
  };
}

export function parseDestination(body: unknown): WebhookDestination {
  const o = asObject(body);
  str(o, 'uuid');
  str(o, 'url');
  if (o.subscribed_events !== undefined && !Array.isArray(o.subscribed_events)) {
    throw new Error('body.subscribed_events is not an array');
  }
  return o as WebhookDestination;
}

/** The list's envelope is undocumented: accept a bare array or a paginated `{results: [...]}`. */
export function parseDestinationList(body: unknown): WebhookDestination[] {
  const rows = Array.isArray(body) ? body : asObject(body).results;
  if (!Array.isArray(rows)) throw new Error('body is neither an array nor has results');
  return rows.map((r) => parseDestination(r));
}

function pageOf<T>(body: unknown, row: (r: Record<string, unknown>, what: string) => T) {
  const o = asObject(body);
  if (!Array.isArray(o.results)) throw new Error('body.results is not an array');
  const results = o.results.map((r, i) => row(asObject(r, `results[${i}]`), `results[${i}]`));
  return {
    count: typeof o.count === 'number' ? o.count : results.length,
    next: optStr(o, 'next'),
    previous: optStr(o, 'previous'),
    results,
  };
}

export function parseReviewPage(body: unknown): Page<SessionActivity> {
  return pageOf(body, (r, what) => {
    str(r, 'uuid', what);
    str(r, 'created_at', what);
    return r as SessionActivity;
  });
}

export function parseCreateReview(body: unknown): SessionReview {
  const o = asObject(body);
  str(o, 'new_status');
  str(o, 'created_at');
  return { ...o, user: optStr(o, 'user') ?? '', comment: optStr(o, 'comment') } as SessionReview;
}

export function parseEntity(body: unknown): DiditEntity {
  const o = asObject(body);
  str(o, 'vendor_data');
  const status = str(o, 'status');
  if (!ENTITY_STATUSES.includes(status as EntityStatus))
    throw new Error('body.status is not an entity status');
  return o as DiditEntity;
}

export function parseEntityPage(body: unknown): Page<DiditEntity> {
  return pageOf(body, (r) => parseEntity(r));
}
