import { z } from 'zod';
import { api, request } from '../../api/client.ts';

const reviewersSchema = z.object({ items: z.array(z.object({ id: z.string(), name: z.string() })) });
export type Reviewer = z.infer<typeof reviewersSchema>['items'][number];

export async function fetchReviewers(signal?: AbortSignal): Promise<Reviewer[]> {
  return reviewersSchema.parse(await api.get('/api/review/reviewers', undefined, signal)).items;
}

export function assignCase(sessionId: string, userId: string) {
  return request('PUT', `/api/sessions/${encodeURIComponent(sessionId)}/assignment`, {
    body: { user_id: userId },
  });
}

export function unassignCase(sessionId: string) {
  return api.delete(`/api/sessions/${encodeURIComponent(sessionId)}/assignment`);
}

const bulkSchema = z.object({
  results: z.array(
    z.object({
      session_id: z.string(),
      ok: z.boolean(),
      staged: z.boolean().optional(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof bulkSchema>['results'][number];

export type BulkRequest =
  | { action: 'assign'; user_id: string | null }
  | { action: 'request-resubmission'; comment: string; features: string[] }
  | { action: 'dismiss-aml-hits'; comment: string };

/** One bulk action on the selected cases; the server answers per case (some may be refused). */
export async function runBulk(sessionIds: string[], req: BulkRequest): Promise<BulkResult[]> {
  const { action, ...body } = req;
  const res = await api.post(`/api/review/bulk/${action}`, { session_ids: sessionIds, ...body });
  return bulkSchema.parse(res).results;
}
