import { type FeatureRoute, navPages } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = navPages([
  ['dashboard', 'Dashboard', 15, 'GET /api/dashboard', () => import('./DashboardPage.tsx')],
]);
