import { z } from 'zod';
import { api } from '../../api/client.ts';

const person = z.object({ id: z.string(), name: z.string() }).nullable();
const retentionSchema = z.object({
  legal_hold: z.object({ reason: z.string(), set_by: person, set_at: z.string() }).nullable(),
  erasure: z
    .object({
      reason: z.string(),
      erased_by: person,
      erased_at: z.string(),
      didit_outcome: z.enum(['deleted', 'already_gone']),
      events_redacted: z.number(),
    })
    .nullable(),
});
export type Retention = z.infer<typeof retentionSchema>;

const base = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

/** The case report: a plain link, so the browser downloads it with the session cookie. */
export const reportPath = (sessionId: string) => `${base(sessionId)}/report.pdf`;

export async function fetchRetention(sessionId: string, signal?: AbortSignal): Promise<Retention> {
  return retentionSchema.parse(await api.get(`${base(sessionId)}/retention`, undefined, signal));
}

export async function setLegalHold(sessionId: string, reason: string): Promise<Retention> {
  return retentionSchema.parse(await api.post(`${base(sessionId)}/legal-hold`, { reason }));
}

export async function releaseLegalHold(sessionId: string, reason: string): Promise<Retention> {
  return retentionSchema.parse(await api.post(`${base(sessionId)}/legal-hold/release`, { reason }));
}

export async function eraseCase(sessionId: string, reason: string): Promise<Retention> {
  return retentionSchema.parse(
    await api.post(`${base(sessionId)}/erase`, { reason, confirm_session_id: sessionId }),
  );
}
