import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router-dom';
import type { z } from 'zod';

/**
 * The URL is the table's state. Search params are parsed with the page's zod schema (defaults fill
 * gaps, invalid values fall back to defaults); updates write only values that differ from the default,
 * so links stay short and shareable.
 */
export function useUrlState<S extends z.ZodObject<any>>(
  schema: S,
): [z.infer<S>, (patch: Partial<z.infer<S>>, opts?: { replace?: boolean }) => void] {
  const [params, setParams] = useSearchParams();
  const defaults = useMemo(() => schema.parse({}) as Record<string, unknown>, [schema]);

  const state = useMemo(() => parseUrlState(schema, params), [params, schema]);

  const update = useCallback(
    (patch: Partial<z.infer<S>>, opts?: { replace?: boolean }) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [k, v] of Object.entries(patch)) {
            if (v === undefined || v === null || v === '' || v === defaults[k]) next.delete(k);
            else next.set(k, String(v));
          }
          return next;
        },
        { replace: opts?.replace ?? false },
      );
    },
    [setParams, defaults],
  );
  return [state, update];
}

/** Search params through the page's schema, as `useUrlState` reads them (also used before the first render). */
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
