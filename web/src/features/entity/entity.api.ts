import { client } from '../../api/contract.ts';

export type EntityKind = 'user' | 'business';
export const ENTITY_STATUSES = ['ACTIVE', 'FLAGGED', 'BLOCKED'] as const;
export type EntityStatus = (typeof ENTITY_STATUSES)[number];

export const entityPath = (kind: EntityKind, vendorData: string) =>
  `/api/entities/${kind}/${encodeURIComponent(vendorData)}`;
/** The SPA's route for a profile: `/entities/{vendor_data}?kind=business`. */
export const entityPagePath = (kind: EntityKind, vendorData: string) =>
  `/entities/${encodeURIComponent(vendorData)}${kind === 'business' ? '?kind=business' : ''}`;

export async function fetchEntity(kind: EntityKind, vendorData: string, signal?: AbortSignal) {
  return client.get('/api/entities/{kind}/{vendor_data}', {
    path: { kind, vendor_data: vendorData },
    signal,
  });
}

export async function requestEntityStatus(
  kind: EntityKind,
  vendorData: string,
  status: EntityStatus,
  reason: string,
) {
  await client.post('/api/entities/{kind}/{vendor_data}/status', {
    path: { kind, vendor_data: vendorData },
    body: { status, reason },
  });
}
