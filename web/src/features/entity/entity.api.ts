import { z } from 'zod';
import { api } from '../../api/client.ts';

export type EntityKind = 'user' | 'business';
export const ENTITY_STATUSES = ['ACTIVE', 'FLAGGED', 'BLOCKED'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

export const entityPath = (kind: EntityKind, vendorData: string) =>
  `/api/entities/${kind}/${encodeURIComponent(vendorData)}`;
/** The SPA's route for a profile: `/entities/{vendor_data}?kind=business`. */
export const entityPagePath = (kind: EntityKind, vendorData: string) =>
  `/entities/${encodeURIComponent(vendorData)}${kind === 'business' ? '?kind=business' : ''}`;

const profileSchema = z.looseObject({
  kind: z.enum(['user', 'business']),
  vendor_data: z.string(),
  status: z.string().nullable(),
  previous_status: z.string().nullable(),
  status_at: z.string().nullable(),
  status_history: z.array(
    z.looseObject({
      status: z.string(),
      previous_status: z.string().nullable(),
      at: z.string(),
      source: z.string(),
    }),
  ),
  counters: z.record(z.string(), z.number().nullable()),
  profile: z.record(z.string(), z.unknown()),
  events: z.array(
    z.looseObject({
      source: z.string(),
      webhook_type: z.string().nullable(),
      status: z.string().nullable(),
      occurred_at: z.string(),
      reason: z.string().nullable(),
      actor_user_id: z.string().nullable(),
    }),
  ),
  sessions: z.array(
    z.looseObject({
      session_id: z.string(),
      session_number: z.number().nullable(),
      status: z.string().nullable(),
      full_name: z.string().nullable(),
      imported: z.boolean(),
      shared_from_session: z.string().nullable(),
      created_at: z.string(),
      updated_at: z.string(),
    }),
  ),
});
export type EntityProfile = z.infer<typeof profileSchema>;

export async function fetchEntity(kind: EntityKind, vendorData: string, signal?: AbortSignal) {
  return profileSchema.parse(await api.get(entityPath(kind, vendorData), undefined, signal));
}

export async function requestEntityStatus(
  kind: EntityKind,
  vendorData: string,
  status: EntityStatus,
  reason: string,
) {
  await api.post(`${entityPath(kind, vendorData)}/status`, { status, reason });
}
