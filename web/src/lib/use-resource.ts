import { useCallback, useEffect, useRef, useState } from 'react';
import { markBackground } from '../api/client.ts';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  /** Re-fetch now; resolves when done. */
  reload: () => Promise<void>;
}

/**
 * Fetches when `key` changes, optionally re-fetches every `pollMs` while the tab is visible. Keeps the
 * previous data while a reload runs so tables do not flash empty.
 */
export function useResource<T>(
  key: string | null,
  fetcher: (signal: AbortSignal) => Promise<T>,
  options: {
    pollMs?: number;
    /**
     * Data for `key` the caller already has on mount (a first load's prefetched answer): the first render
     * shows it and the first fetch is skipped (polling still refreshes it).
     */
    initial?: () => T | undefined;
  } = {},
): Resource<T> {
  const [data, setData] = useState<T | undefined>(() => (key === null ? undefined : options.initial?.()));
  // The key whose first fetch `initial` made unnecessary (once: a later return to that key fetches).
  const initialKey = useRef(data === undefined ? null : key);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(key !== null && data === undefined);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const controllerRef = useRef<AbortController | null>(null);
  const keyRef = useRef(key);

  /** `poll`: a timed re-fetch nobody asked for; marked so it does not count as the person's activity. */
  const run = useCallback(async (forKey: string | null, background: boolean, poll = false) => {
    if (forKey === null) return;
    controllerRef.current?.abort();
    const controller = new AbortController();
    controllerRef.current = controller;
    if (poll) markBackground(controller.signal);
    if (!background) setLoading(true);
    try {
      const result = await fetcherRef.current(controller.signal);
      if (controller.signal.aborted || keyRef.current !== forKey) return;
      setData(result);
      setError(undefined);
    } catch (e) {
      if ((e as Error).name === 'AbortError' || controller.signal.aborted) return;
      setError(e);
    } finally {
      if (!controller.signal.aborted) setLoading(false);
    }
  }, []);

  useEffect(() => {
    keyRef.current = key;
    if (key === null) {
      setLoading(false);
      return;
    }
    if (initialKey.current === key) {
      initialKey.current = null;
      return;
    }
    initialKey.current = null;
    void run(key, false);
    return () => controllerRef.current?.abort();
  }, [key, run]);

  useEffect(() => {
    if (!options.pollMs || key === null) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') void run(key, true, true);
    }, options.pollMs);
    return () => clearInterval(timer);
  }, [key, options.pollMs, run]);

  const reload = useCallback(() => run(keyRef.current, true), [run]);
  return { data, error, loading, reload };
}
