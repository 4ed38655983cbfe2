import { matchRoutes } from 'react-router-dom';
import { prefetch } from '../api/prefetch.ts';
import type { FeatureRoute } from './feature-routes.ts';

/**
 * Called once before the first render. Without it a first load is a chain: the entry script, then
 * `/api/auth/me`, then the page's chunk, then the page's data. Here the user, the page's chunk and its data
 * are all requested at once; the app then finds them in flight or done (`takePrefetched`, the module cache).
 */
export function preloadFirstPage(routes: FeatureRoute[], location: Pick<Location, 'pathname' | 'search'>) {
  prefetch('/api/auth/config');
  prefetch('/api/auth/me');
  // `/` redirects to the queue.
  const pathname = location.pathname === '/' ? '/queue' : location.pathname;
  const matches = matchRoutes(
    routes.map((route) => ({ path: `/${route.path}`, route })),
    pathname,
  );
  const match = matches?.[0];
  match?.route.route.preload?.({ params: match.params, search: new URLSearchParams(location.search) });
}
