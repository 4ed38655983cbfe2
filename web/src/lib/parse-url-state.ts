import type { z } from 'zod';

/**
 * Search params through the page's schema, as `useUrlState` reads them. Its own module, without React and the
 * router (url-state.ts): the queue's route reads its first rows' URL with it (features/queue/first-request.ts).
 */
export function parseUrlState<S extends z.ZodObject<any>>(schema: S, params: URLSearchParams): z.infer<S> {
  const raw: Record<string, string> = {};
  for (const [k, v] of params) raw[k] = v;
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  // Drop only the bad keys: one mistyped filter should not reset the others.
  const bad = new Set(parsed.error.issues.map((i) => String(i.path[0])));
  for (const k of bad) delete raw[k];
  const retry = schema.safeParse(raw);
  return retry.success ? retry.data : schema.parse({});
}
