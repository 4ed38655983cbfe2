import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  {
    path: 'sharing/partners',
    Page: lazy(() => import('./PartnersPage.tsx')),
    nav: { label: 'Partners', order: 20, requires: 'GET /api/partners' },
  },
  {
    path: 'sharing/import',
    Page: lazy(() => import('./ImportPage.tsx')),
    nav: { label: 'Import', order: 22, requires: 'POST /api/imports' },
  },
  {
    path: 'sharing/batch',
    Page: lazy(() => import('./BatchSharePage.tsx')),
    nav: { label: 'Batch share', order: 24, requires: 'POST /api/shares/batch' },
  },
  {
    path: 'sharing/shares',
    Page: lazy(() => import('./SharesLedgerPage.tsx')),
    nav: { label: 'Shares', order: 26, requires: 'GET /api/shares' },
  },
  {
    path: 'sharing/reliance',
    Page: lazy(() => import('./ReliancePage.tsx')),
    nav: { label: 'Reliance', order: 28, requires: 'GET /api/imports' },
  },
];
