import { lazy } from 'react';
import { prefetch } from '../../api/prefetch.ts';
import type { FeatureRoute } from '../../app/feature-routes.ts';
import { parseUrlState } from '../../lib/url-state.ts';
import { queueRequestPath } from './queue.api.ts';
import { queueSearchSchema } from './queue.search.ts';

const load = () => import('./QueuePage.tsx');

export const routes: FeatureRoute[] = [
  {
    path: 'queue',
    Page: lazy(load),
    nav: { label: 'Queue', order: 10, requires: 'GET /api/sessions' },
    preload: ({ search }) => {
      void load();
      prefetch(queueRequestPath(parseUrlState(queueSearchSchema, search)));
    },
    // What QueuePage, SavedViews and BulkActions ask for on mount, for the roles that see them.
    preloadSignedIn: ({ can }) => {
      if (can('GET', '/api/views')) prefetch('/api/views');
      if (can('POST', '/api/review/bulk/assign')) prefetch('/api/review/reviewers');
      if (can('GET', '/api/review/awaiting-me')) prefetch('/api/review/awaiting-me?limit=200');
    },
  },
];
