import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [
  { path: 'entities/:vendorData', Page: lazy(() => import('./EntityPage.tsx')) },
];
