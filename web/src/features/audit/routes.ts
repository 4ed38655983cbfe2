import { type FeatureRoute, navPages } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = navPages([
  ['audit', 'Audit log', 50, 'GET /api/audit', () => import('./AuditPage.tsx')],
]);
