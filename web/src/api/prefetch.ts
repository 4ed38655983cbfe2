/**
 * GETs started on a first load before the app has rendered (see `app/preload.ts`): the signed-in user and
 * the data the page at the URL will ask for first, sent in parallel instead of one after another. The first
 * `request('GET', path)` for the same path takes the response (once); anything not taken in time is dropped,
 * so a prefetched answer is never served stale.
 */
const MAX_AGE_MS = 10_000;
const early = new Map<string, { at: number; response: Promise<Response | undefined> }>();

export function prefetch(
  path: string,
  options: { after?: Promise<unknown> } = {},
): Promise<Response | undefined> {
  const known = early.get(path);
  if (known) return known.response;
  const send = () =>
    fetch(path, { headers: { Accept: 'application/json' }, credentials: 'same-origin' }).catch(
      // A network failure here is the caller's to report: it fetches again and gets the error itself.
      () => undefined,
    );
  // `after`: sent once that settles, but registered now, so the app's own GET waits for it instead of
  // sending a second one (app/preload.ts defers what the first rows do not need).
  const response = options.after ? options.after.then(send, send) : send();
  early.set(path, { at: Date.now(), response });
  return response;
}

/**
 * The prefetched response for `path`, at most once and only while fresh; else undefined. An answer about
 * who is asking (401 signed out, 403 second factor owed or not allowed) is never handed on: it described the
 * visitor before a sign-in that may have happened since, so the caller asks again.
 */
export function takePrefetched(path: string): Promise<Response | undefined> | undefined {
  const hit = early.get(path);
  if (!hit) return undefined;
  early.delete(path);
  if (Date.now() - hit.at > MAX_AGE_MS) return undefined;
  return hit.response.then((res) => (res && (res.status === 401 || res.status === 403) ? undefined : res));
}

/**
 * Drops every prefetched answer: called when the person changes (sign-in, sign-out), since the answers
 * were fetched with the cookies of whoever was there before.
 */
export function forgetPrefetched(): void {
  early.clear();
  parsed.clear();
}

const parsed = new Map<string, { at: number; value: unknown }>();

/**
 * Takes the prefetched answer for `path` now and, if it is a success, keeps `parse(its JSON)` for the page's
 * first render (`takeParsed`): a page whose module waits for this renders once, with its data, instead of
 * mounting empty, fetching in an effect and rendering again (app/lazy-page.tsx). Settles when that is done;
 * never rejects: on any failure nothing is kept and the page asks the server itself, reporting the error.
 */
export function parsePrefetched<T>(path: string, parse: (body: never) => T): Promise<void> {
  const response = takePrefetched(path);
  if (!response) return Promise.resolve();
  return response
    .then(async (res) => {
      if (res?.ok) parsed.set(path, { at: Date.now(), value: parse((await res.json()) as never) });
    })
    .catch(() => undefined);
}

/** What `parsePrefetched` kept for `path`, at most once and only while fresh; else undefined. */
export function takeParsed<T>(path: string): T | undefined {
  const hit = parsed.get(path);
  if (!hit) return undefined;
  parsed.delete(path);
  return Date.now() - hit.at > MAX_AGE_MS ? undefined : (hit.value as T);
}
