/** What a rewrite answers to leave a value as it is and walk on into its members or items. */
export const WALK_ON = Symbol('walk on');

/**
 * A copy of a parsed JSON value in which `rewrite(key, value)` may replace any member (`key` is its name) or
 * array item (`key` undefined); answering `WALK_ON` keeps it and walks into it. The input is not changed.
 */
export function rewriteJson<T>(value: T, rewrite: (key: string | undefined, value: unknown) => unknown): T {
  const walk = (v: unknown, key: string | undefined): unknown => {
    const replaced = rewrite(key, v);
    if (replaced !== WALK_ON) return replaced;
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined) as T;
}
