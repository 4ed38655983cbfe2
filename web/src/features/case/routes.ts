import { lazy } from 'react';
import { prefetch } from '../../api/prefetch.ts';
import type { FeatureRoute } from '../../app/feature-routes.ts';
import { casePath } from './case.paths.ts';

const load = () => import('./CasePage.tsx');

export const routes: FeatureRoute[] = [
  {
    path: 'sessions/:id',
    Page: lazy(load),
    preload: ({ params }) => {
      const view = params.id ? prefetch(casePath(params.id)) : undefined;
      void load();
      return view;
    },
  },
];
