import { matchRoutes } from 'react-router-dom';
import { prefetch } from '../api/prefetch.ts';
import type { FeatureRoute } from './feature-routes.ts';
import { can } from './permissions.ts';

/**
 * Called once before the first render. Without it a first load is a chain: the entry script, then
 * `/api/auth/me`, then the page's chunk, then the page's data, then what the shell and the page ask for once
 * they have rendered. Here the user, the page's chunk and its data are requested at once, and what depends on
 * the person's roles (the shell's `/api/meta` and four-eyes outcomes, the page's `preloadSignedIn`) as soon
 * as `/api/auth/me` answers; the app then finds them in flight or done (`takePrefetched`, the module cache).
 */
export function preloadFirstPage(routes: FeatureRoute[], location: Pick<Location, 'pathname' | 'search'>) {
  prefetch('/api/auth/config');
  const me = prefetch('/api/auth/me');
  // `/` redirects to the queue.
  const pathname = location.pathname === '/' ? '/queue' : location.pathname;
  const matches = matchRoutes(
    routes.map((route) => ({ path: `/${route.path}`, route })),
    pathname,
  );
  const match = matches?.[0];
  const at = { params: match?.params ?? {}, search: new URLSearchParams(location.search) };
  match?.route.route.preload?.(at);
  void me
    .then(async (res) => {
      // Signed out or a second factor owed: the login or enrolment page asks for what it needs itself.
      if (!res?.ok) return;
      const body = (await res.clone().json()) as { user?: { roles?: string[] }; must_enroll_totp?: boolean };
      const roles = body.user?.roles;
      if (!roles || body.must_enroll_totp) return;
      const allowed = (method: string, path: string) => can(roles, method, path);
      // What the signed-in shell asks for on every page (app/auth-context.tsx, app/FourEyesNotices.tsx).
      prefetch('/api/meta');
      if (allowed('GET', '/api/review/mine')) prefetch('/api/review/mine?limit=20');
      match?.route.route.preloadSignedIn?.({ ...at, can: allowed });
    })
    .catch(() => {
      // An unreadable answer: the app asks again and reports it.
    });
}
