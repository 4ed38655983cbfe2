import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  {
    path: 'audit',
    Page: lazy(() => import('./AuditPage.tsx')),
    nav: { label: 'Audit log', order: 50, requires: 'GET /api/audit' },
  },
];
