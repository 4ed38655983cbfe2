import { z } from 'zod';
import { api } from '../../api/client.ts';

const id = z.union([z.string(), z.number()]).transform(String);

const userSchema = z.looseObject({
  id,
  email: z.string(),
  name: z.string().nullish(),
  roles: z.array(z.string()).default([]),
  disabled: z.boolean().nullish(),
  disabled_at: z.string().nullish(),
  totp_enabled: z.boolean().nullish(),
  has_totp: z.boolean().nullish(),
  created_at: z.string().nullish(),
  last_login_at: z.string().nullish(),
  local_sign_in: z.boolean().nullish(),
});

export interface UserRow {
  id: string;
  email: string;
  name: string;
  roles: string[];
  disabled: boolean;
  totp: boolean;
  createdAt: string | null;
  lastLoginAt: string | null;
  /** A local password exists (SSO-only accounts have none to reset). */
  hasPassword: boolean;
}

function list(raw: unknown): unknown[] {
  if (Array.isArray(raw)) return raw;
  const o = raw as { items?: unknown[]; users?: unknown[] } | null;
  return o?.items ?? o?.users ?? [];
}

export async function fetchUsers(signal?: AbortSignal): Promise<UserRow[]> {
  return z
    .array(userSchema)
    .parse(list(await api.get('/api/users', undefined, signal)))
    .map((u) => ({
      id: u.id,
      email: u.email,
      name: u.name ?? '',
      roles: u.roles,
      disabled: Boolean(u.disabled ?? u.disabled_at),
      totp: Boolean(u.totp_enabled ?? u.has_totp),
      createdAt: u.created_at ?? null,
      lastLoginAt: u.last_login_at ?? null,
      hasPassword: u.local_sign_in ?? true,
    }));
}

export async function createUser(input: { email: string; name: string; roles: string[]; password: string }) {
  await api.post('/api/users', input);
}

export async function updateUser(
  userId: string,
  patch: { roles?: string[]; disabled?: boolean; name?: string },
) {
  await api.patch(`/api/users/${encodeURIComponent(userId)}`, patch);
}

export async function resetTotp(userId: string) {
  await api.post(`/api/users/${encodeURIComponent(userId)}/reset-totp`);
}

/** A new password made by the server for a local account, returned this once; the account's logins end. */
export async function resetPassword(userId: string): Promise<string> {
  const res = z
    .looseObject({ password: z.string() })
    .parse(await api.post(`/api/users/${encodeURIComponent(userId)}/reset-password`));
  return res.password;
}

/* ---------- sync ---------- */

export type Json = Record<string, unknown>;

export async function fetchBackfill(signal?: AbortSignal): Promise<Json | null> {
  const raw = await api.get<Json | null>('/api/sync/backfill', undefined, signal);
  return (raw && ((raw.backfill as Json | undefined) ?? raw)) || null;
}

export async function startBackfill(body: Json = {}) {
  await api.post('/api/sync/backfill', body);
}

export async function stopBackfill() {
  await api.delete('/api/sync/backfill');
}

/** Re-fetches one session from Didit and applies it (the fix for most drifts). */
export async function refetchSession(sessionId: string) {
  await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/refresh`);
}

export async function fetchList(
  path: string,
  signal?: AbortSignal,
): Promise<{ rows: Json[]; nextCursor: string | null }> {
  const raw = await api.get<unknown>(path, undefined, signal);
  const rows = list(raw).filter((x): x is Json => x !== null && typeof x === 'object');
  const nextCursor = (raw as { next_cursor?: string | null } | null)?.next_cursor ?? null;
  return { rows, nextCursor };
}
