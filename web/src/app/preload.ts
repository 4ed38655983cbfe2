import { matchRoutes } from 'react-router-dom';
import { prefetch } from '../api/prefetch.ts';
import type { FeatureRoute } from './feature-routes.ts';
import { firstContentShown } from './first-content.ts';
import { can } from './permissions.ts';

/**
 * Called once before the first render. Without it a first load is a chain: the entry script, then
 * `/api/auth/me`, then the page's chunk, then the page's data, then what the shell and the page ask for once
 * they have rendered. Here the user, the page's data and its chunk are requested at once, and what depends on
 * the person's roles (the shell's `/api/meta` and four-eyes outcomes, the page's `preloadSignedIn`) as soon
 * as `/api/auth/me` answers; the app then finds them in flight or done (`takePrefetched`, the module cache).
 *
 * Order matters on a cold load: over HTTP/1.1 a browser opens at most six connections to the console, and
 * the page's chunks alone are seven requests. So the page's first data goes out right after `/api/auth/me`,
 * before its chunks, and everything the first rows do not need (the sign-in options, the shell's GETs, the
 * page's `preloadSignedIn`) waits until the page has shown that data (app/first-content.ts): it neither takes
 * a connection the data or the chunks need, nor competes with the data's query on a cold server, nor has its
 * answers rendered (each a commit of the whole page) before the first rows.
 */
export function preloadFirstPage(routes: FeatureRoute[], location: Pick<Location, 'pathname' | 'search'>) {
  const me = prefetch('/api/auth/me');
  // `/` redirects to the queue.
  const pathname = location.pathname === '/' ? '/queue' : location.pathname;
  const matches = matchRoutes(
    routes.map((route) => ({ path: `/${route.path}`, route })),
    pathname,
  );
  const match = matches?.[0];
  const at = { params: match?.params ?? {}, search: new URLSearchParams(location.search) };
  const route = match?.route.route;
  const firstData = route?.preload?.(at) ?? undefined;
  // Settles once the page has shown its first data (or, for a page that does not say, once the data has
  // answered); at once for a page without any. A page that says may take a few seconds at most: whatever
  // goes wrong on it, the shell's own GETs are not held back longer.
  const answered = firstData?.then(settled, settled);
  const after =
    answered && route?.marksFirstContent
      ? Promise.race([firstContentShown, answered.then(() => delay(FIRST_CONTENT_WAIT_MS))])
      : answered;
  // The login page needs it at once; a signed-in page only for the sandbox badge.
  prefetch('/api/auth/config', { after: me.then((res) => (res?.ok ? after : undefined)) });
  void me
    .then(async (res) => {
      // Signed out or a second factor owed: the login or enrolment page asks for what it needs itself.
      if (!res?.ok) return;
      const body = (await res.clone().json()) as { user?: { roles?: string[] }; must_enroll_totp?: boolean };
      const roles = body.user?.roles;
      if (!roles || body.must_enroll_totp) return;
      const allowed = (method: string, path: string) => can(roles, method, path);
      // What the signed-in shell asks for on every page (app/auth-context.tsx, app/FourEyesNotices.tsx).
      prefetch('/api/meta', { after });
      if (allowed('GET', '/api/review/mine')) prefetch('/api/review/mine?limit=20', { after });
      match?.route.route.preloadSignedIn?.({ ...at, can: allowed, after });
    })
    .catch(() => {
      // An unreadable answer: the app asks again and reports it.
    });
}

const settled = () => undefined;
/** How long after its data has answered a page that marks its first content may take to show it. */
const FIRST_CONTENT_WAIT_MS = 3000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
