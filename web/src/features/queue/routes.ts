import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  {
    path: 'queue',
    Page: lazy(() => import('./QueuePage.tsx')),
    nav: { label: 'Queue', order: 10, requires: 'GET /api/sessions' },
  },
];
