import type { Role } from '@console/contract/permissions';
import { client } from '../../api/contract.ts';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  disabled: boolean;
  totp: boolean;
  createdAt: string | null;
  lastLoginAt: string | null;
  /** A local password exists (SSO-only accounts have none to reset). */
  hasPassword: boolean;
}

export async function fetchUsers(signal?: AbortSignal): Promise<UserRow[]> {
  const r = await client.get('/api/users', { signal });
  return r.items.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    roles: u.roles,
    disabled: u.disabled,
    totp: u.totp_enabled,
    createdAt: u.created_at,
    lastLoginAt: u.last_login_at,
    hasPassword: u.local_sign_in,
  }));
}

export async function createUser(input: { email: string; name: string; roles: Role[]; password: string }) {
  await client.post('/api/users', { body: input });
}

export async function updateUser(
  userId: string,
  patch: { roles?: Role[]; disabled?: boolean; name?: string },
) {
  await client.patch('/api/users/{id}', { path: { id: userId }, body: patch });
}

export async function resetTotp(userId: string) {
  await client.post('/api/users/{id}/reset-totp', { path: { id: userId } });
}

/** A new password made by the server for a local account, returned this once; the account's logins end. */
export async function resetPassword(userId: string): Promise<string> {
  const res = await client.post('/api/users/{id}/reset-password', { path: { id: userId } });
  return res.password;
}

/* ---------- sync ---------- */

export type Json = Record<string, unknown>;

export async function fetchBackfill(signal?: AbortSignal): Promise<Json> {
  return client.get('/api/sync/backfill', { signal });
}

export async function startBackfill(body: Json = {}) {
  await client.post('/api/sync/backfill', { body });
}

export async function stopBackfill() {
  await client.delete('/api/sync/backfill');
}

/** Re-fetches one session from Didit and applies it (the fix for most drifts). */
export async function refetchSession(sessionId: string) {
  await client.post('/api/sessions/{id}/refresh', { path: { id: sessionId } });
}

export async function fetchList(
  path: '/api/sync/drifts' | '/api/sync/failed-events',
  signal?: AbortSignal,
): Promise<{ rows: Json[]; nextCursor: string | null }> {
  const r = await client.get(path, { signal });
  // The API declares these rows loosely (their fields vary by drift kind); the page reads them as records.
  const rows = r.items.filter((x): x is Json => x !== null && typeof x === 'object');
  return { rows, nextCursor: r.next_cursor };
}
