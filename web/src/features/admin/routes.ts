import { type FeatureRoute, navPages } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = navPages([
  ['admin/users', 'Users', 80, 'GET /api/users', () => import('./UsersPage.tsx')],
  ['admin/sync', 'Sync', 90, 'GET /api/sync/backfill', () => import('./SyncPage.tsx')],
]);
