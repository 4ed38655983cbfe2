import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  {
    path: 'admin/users',
    Page: lazy(() => import('./UsersPage.tsx')),
    nav: { label: 'Users', order: 80, requires: 'GET /api/users' },
  },
  {
    path: 'admin/sync',
    Page: lazy(() => import('./SyncPage.tsx')),
    nav: { label: 'Sync', order: 90, requires: 'GET /api/sync/backfill' },
  },
];
