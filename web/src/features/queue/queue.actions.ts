import { type ApiResponse, client } from '../../api/contract.ts';

export type Reviewer = ApiResponse<'/api/review/reviewers', 'get'>['items'][number];

export async function fetchReviewers(signal?: AbortSignal): Promise<Reviewer[]> {
  return (await client.get('/api/review/reviewers', { signal })).items;
}

export function assignCase(sessionId: string, userId: string) {
  return client.put('/api/sessions/{id}/assignment', { path: { id: sessionId }, body: { user_id: userId } });
}

export function unassignCase(sessionId: string) {
  return client.delete('/api/sessions/{id}/assignment', { path: { id: sessionId } });
}

export type BulkResult = ApiResponse<'/api/review/bulk/assign', 'post'>['results'][number];

export type BulkRequest =
  | { action: 'assign'; user_id: string | null }
  | { action: 'request-resubmission'; comment: string; features: string[] }
  | { action: 'dismiss-aml-hits'; comment: string };

/** One bulk action on the selected cases; the server answers per case (some may be refused). */
export async function runBulk(sessionIds: string[], req: BulkRequest): Promise<BulkResult[]> {
  const session_ids = sessionIds;
  switch (req.action) {
    case 'assign':
      return (await client.post('/api/review/bulk/assign', { body: { session_ids, user_id: req.user_id } }))
        .results;
    case 'request-resubmission':
      return (
        await client.post('/api/review/bulk/request-resubmission', {
          body: { session_ids, comment: req.comment, features: req.features },
        })
      ).results;
    case 'dismiss-aml-hits':
      return (
        await client.post('/api/review/bulk/dismiss-aml-hits', {
          body: { session_ids, comment: req.comment },
        })
      ).results;
  }
}
