import { lazy } from 'react';
import type { FeatureRoute } from '../../app/feature-routes.ts';

export const routes: FeatureRoute[] = [{ path: 'sessions/:id', Page: lazy(() => import('./CasePage.tsx')) }];
