import { type ApiResponse, client } from '../../api/contract.ts';

export type Retention = ApiResponse<'/api/sessions/{id}/retention', 'get'>;

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The case report: a plain link, so the browser downloads it with the session cookie. */
export const reportPath = (sessionId: string) => `${base(sessionId)}/report.pdf`;

export async function fetchRetention(sessionId: string, signal?: AbortSignal): Promise<Retention> {
  return client.get('/api/sessions/{id}/retention', { path: { id: sessionId }, signal });
}

export async function setLegalHold(sessionId: string, reason: string): Promise<Retention> {
  return client.post('/api/sessions/{id}/legal-hold', { path: { id: sessionId }, body: { reason } });
}

export async function releaseLegalHold(sessionId: string, reason: string): Promise<Retention> {
  return client.post('/api/sessions/{id}/legal-hold/release', { path: { id: sessionId }, body: { reason } });
}

export async function eraseCase(sessionId: string, reason: string): Promise<Retention> {
  return client.post('/api/sessions/{id}/erase', {
    path: { id: sessionId },
    body: { reason, confirm_session_id: sessionId },
  });
}
