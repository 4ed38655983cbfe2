import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  {
    path: 'dashboard',
    Page: lazy(() => import('./DashboardPage.tsx')),
    nav: { label: 'Dashboard', order: 15, requires: 'GET /api/dashboard' },
  },
];
