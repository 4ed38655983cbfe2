import { type FeatureRoute, navPages } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = navPages([
  ['sharing/partners', 'Partners', 20, 'GET /api/partners', () => import('./PartnersPage.tsx')],
  ['sharing/import', 'Import', 22, 'POST /api/imports', () => import('./ImportPage.tsx')],
  ['sharing/batch', 'Batch share', 24, 'POST /api/shares/batch', () => import('./BatchSharePage.tsx')],
  ['sharing/shares', 'Shares', 26, 'GET /api/shares', () => import('./SharesLedgerPage.tsx')],
  ['sharing/reliance', 'Reliance', 28, 'GET /api/imports', () => import('./ReliancePage.tsx')],
]);
