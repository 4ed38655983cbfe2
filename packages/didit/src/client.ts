import {
  parseBulkUpdateAmlHits,
  parseCreateReview,
  parseCreateSession,
  parseDecision,
  parseDestination,
  parseDestinationList,
  parseEntity,
  parseEntityPage,
  parseImportShared,
  parseListSessions,
  parseReviewPage,
  parseShare,
  parseUpdateAmlHit,
  parseUpdateStatus,
} from './client-parse.ts';
import { type Call, type DiditClientOptions, DiditTransport } from './client-transport.ts';
import type { RateBudget } from './rate-limiter.ts';
import { type DiditRateLimiter, type DiditRateLimiterOptions, rateLimiterFor } from './rate-limiter.ts';
import type {
  BulkUpdateAmlHitStatusBody,
  BulkUpdateAmlHitStatusResponse,
  CreateReviewBody,
  CreateSessionBody,
  CreateSessionResponse,
  CreateWebhookDestinationBody,
  Decision,
  DiditEntity,
  EntityKind,
  ImportSharedBody,
  ImportSharedResponse,
  ListReviewsParams,
  ListSessionsParams,
  ListSessionsResponse,
  Page,
  SessionActivity,
  SessionPdf,
  SessionReview,
  ShareResponse,
  ShareSessionBody,
  UpdateAmlHitStatusBody,
  UpdateAmlHitStatusResponse,
  UpdateEntityStatusBody,
  UpdateStatusBody,
  UpdateWebhookDestinationBody,
  WebhookDestination,
} from './types.ts';

export type { DiditCallEvent, DiditClientOptions } from './client-transport.ts';

const seg = (id: string, what: string) => {
  if (typeof id !== 'string' || id.length === 0) throw new TypeError(`${what} must be a non-empty string`);
  return encodeURIComponent(id);
};

/**
 * The typed Didit v3 client (docs/didit.md §2, §3.1). Every call passes the per-key limiter, carries
 * `x-api-key`, has a timeout, and fails with a `DiditError` whose message never holds the key or a token.
 * Only GETs are retried on their own; `DiditTransport.request` says why, and when a write is.
 */
export class DiditClient {
  readonly limiter: RateBudget;
  private readonly transport: DiditTransport;

  constructor(opts: DiditClientOptions) {
    this.transport = new DiditTransport(opts);
    this.limiter = this.transport.limiter;
  }

  private request<T>(call: Call<T>): Promise<T> {
    return this.transport.request(call);
  }

  async createSession(body: CreateSessionBody): Promise<CreateSessionResponse> {
    return this.request({
      method: 'POST',
      endpoint: 'POST /v3/session/',
      path: '/v3/session/',
      body,
      parse: parseCreateSession,
    });
  }

  async getDecision(sessionId: string): Promise<Decision> {
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/session/{id}/decision/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/decision/`,
      parse: parseDecision,
    });
  }

  async listSessions(params: ListSessionsParams = {}): Promise<ListSessionsResponse> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null) query.set(k, String(v));
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/sessions/',
      path: '/v3/sessions/',
      query,
      parse: parseListSessions,
    });
  }

  async updateStatus(sessionId: string, body: UpdateStatusBody): Promise<{ session_id: string }> {
    return this.request({
      method: 'PATCH',
      endpoint: 'PATCH /v3/session/{id}/update-status/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/update-status/`,
      body,
      parse: parseUpdateStatus,
    });
  }

  async shareSession(sessionId: string, body: ShareSessionBody): Promise<ShareResponse> {
    return this.request({
      method: 'POST',
      endpoint: 'POST /v3/session/{id}/share/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/share/`,
      body,
      parse: parseShare,
    });
  }

  async importShared(body: ImportSharedBody): Promise<ImportSharedResponse> {
    return this.request({
      method: 'POST',
      endpoint: 'POST /v3/session/import-shared/',
      path: '/v3/session/import-shared/',
      body,
      importShared: true,
      secrets: [body.share_token],
      parse: parseImportShared,
    });
  }

  async updateAmlHitStatus(
    sessionId: string,
    body: UpdateAmlHitStatusBody,
  ): Promise<UpdateAmlHitStatusResponse> {
    return this.request({
      method: 'PATCH',
      endpoint: 'PATCH /v3/session/{id}/update-aml-hit-status/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/update-aml-hit-status/`,
      body,
      parse: parseUpdateAmlHit,
    });
  }

  /** All or nothing at Didit: an unknown hit fails the whole request (404). One node per call. */
  async bulkUpdateAmlHitStatus(
    sessionId: string,
    body: BulkUpdateAmlHitStatusBody,
  ): Promise<BulkUpdateAmlHitStatusResponse> {
    return this.request({
      method: 'PATCH',
      endpoint: 'PATCH /v3/session/{id}/bulk-update-aml-hit-status/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/bulk-update-aml-hit-status/`,
      body,
      parse: parseBulkUpdateAmlHits,
    });
  }

  /**
   * Soft delete (§2.6, https://docs.didit.me/sessions-api/delete-session): 204, no webhook, not idempotent
   * (a repeat is 404). Needs `delete:sessions`.
   */
  async deleteSession(sessionId: string): Promise<void> {
    return this.request({
      method: 'DELETE',
      endpoint: 'DELETE /v3/session/{id}/delete/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/delete/`,
      emptyOk: true,
      parse: () => undefined,
    });
  }

  /**
   * Didit's own report (§2.7, https://docs.didit.me/sessions-api/generate-pdf): keep the trailing slash (the
   * redirect drops the key). Only from Approved, Declined, In Review (and Kyc Expired for KYC); otherwise 403.
   */
  async generatePdf(sessionId: string): Promise<SessionPdf> {
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/session/{id}/generate-pdf/',
      path: `/v3/session/${seg(sessionId, 'sessionId')}/generate-pdf/`,
      parse: () => {
        throw new Error('body is not a PDF');
      },
      binaryParse: (bytes, headers) => {
        const disposition = headers.get('content-disposition') ?? '';
        const filename = /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? null;
        if (!new TextDecoder().decode(bytes.subarray(0, 5)).startsWith('%PDF-')) {
          throw new Error('body is not a PDF');
        }
        return { bytes, filename, contentType: headers.get('content-type') };
      },
    });
  }

  /** The session's activity feed (§2.5, https://docs.didit.me/management-api/sessions/list-reviews). */
  async listReviews(sessionId: string, params: ListReviewsParams = {}): Promise<Page<SessionActivity>> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/sessions/{id}/reviews/',
      path: `/v3/sessions/${seg(sessionId, 'sessionId')}/reviews/`,
      query,
      parse: parseReviewPage,
    });
  }

  /** A review that also sets the status (§2.5, https://docs.didit.me/management-api/sessions/create-review). */
  async createReview(sessionId: string, body: CreateReviewBody): Promise<SessionReview> {
    return this.request({
      method: 'POST',
      endpoint: 'POST /v3/sessions/{id}/reviews/',
      path: `/v3/sessions/${seg(sessionId, 'sessionId')}/reviews/`,
      body,
      parse: parseCreateReview,
    });
  }

  /** A User or Business profile by `vendor_data` (https://docs.didit.me/entities/users/operations). */
  async getEntity(kind: EntityKind, vendorData: string): Promise<DiditEntity> {
    const base = kind === 'user' ? 'users' : 'businesses';
    return this.request({
      method: 'GET',
      endpoint: `GET /v3/${base}/{vendor_data}/`,
      path: `/v3/${base}/${seg(vendorData, 'vendorData')}/`,
      parse: parseEntity,
    });
  }

  async listEntities(
    kind: EntityKind,
    params: { status?: string; search?: string; page?: number; page_size?: number } = {},
  ): Promise<Page<DiditEntity>> {
    const base = kind === 'user' ? 'users' : 'businesses';
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) query.set(k, String(v));
    return this.request({
      method: 'GET',
      endpoint: `GET /v3/${base}/`,
      path: `/v3/${base}/`,
      query,
      parse: parseEntityPage,
    });
  }

  /**
   * Flag, block or reactivate a person or company (https://docs.didit.me/management-api/users/update-status,
   * …/businesses/update-status): `{status, reason?}`; BLOCKED puts the vendor_data on Didit's blocklist.
   * Fires `user.status.updated` / `business.status.updated` (without the reason). The 200 body is returned
   * as sent.
   */
  async updateEntityStatus(
    kind: EntityKind,
    vendorData: string,
    body: UpdateEntityStatusBody,
  ): Promise<unknown> {
    const base = kind === 'user' ? 'users' : 'businesses';
    return this.request({
      method: 'PATCH',
      endpoint: `PATCH /v3/${base}/{vendor_data}/update-status/`,
      path: `/v3/${base}/${seg(vendorData, 'vendorData')}/update-status/`,
      body,
      parse: (b) => b,
    });
  }

  async listWebhookDestinations(): Promise<WebhookDestination[]> {
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/webhook/destinations/',
      path: '/v3/webhook/destinations/',
      parse: parseDestinationList,
    });
  }

  async createWebhookDestination(body: CreateWebhookDestinationBody): Promise<WebhookDestination> {
    return this.request({
      method: 'POST',
      endpoint: 'POST /v3/webhook/destinations/',
      path: '/v3/webhook/destinations/',
      body,
      parse: parseDestination,
    });
  }

  async getWebhookDestination(uuid: string): Promise<WebhookDestination> {
    return this.request({
      method: 'GET',
      endpoint: 'GET /v3/webhook/destinations/{uuid}/',
      path: `/v3/webhook/destinations/${seg(uuid, 'uuid')}/`,
      parse: parseDestination,
    });
  }

  async updateWebhookDestination(
    uuid: string,
    body: UpdateWebhookDestinationBody,
  ): Promise<WebhookDestination> {
    return this.request({
      method: 'PATCH',
      endpoint: 'PATCH /v3/webhook/destinations/{uuid}/',
      path: `/v3/webhook/destinations/${seg(uuid, 'uuid')}/`,
      body,
      parse: parseDestination,
    });
  }

  async deleteWebhookDestination(uuid: string): Promise<void> {
    return this.request({
      method: 'DELETE',
      endpoint: 'DELETE /v3/webhook/destinations/{uuid}/',
      path: `/v3/webhook/destinations/${seg(uuid, 'uuid')}/`,
      emptyOk: true,
      parse: () => undefined,
    });
  }
}

/**
 * How the composition root builds clients: the limiter comes from its per-key registry, so every client for
 * one API key (per request, per job, per worker) spends one budget.
 */
export function diditClientFor(
  opts: Omit<DiditClientOptions, 'limiter'>,
  registry: Map<string, DiditRateLimiter>,
  limits?: DiditRateLimiterOptions,
): DiditClient {
  const limiter = rateLimiterFor(opts.apiKey, registry, { clock: opts.clock, sleep: opts.sleep, ...limits });
  return new DiditClient({ ...opts, limiter });
}
