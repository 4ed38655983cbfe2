import { parsePrefetched, prefetch } from '../../api/prefetch.ts';
import type { FeatureRoute } from '../../app/feature-routes.ts';
import { lazyPage } from '../../app/lazy-page.tsx';
import { parseUrlState } from '../../lib/url-state.ts';
import { queueRequestPath, toQueuePage } from './queue.api.ts';
import { queueSearchSchema } from './queue.search.ts';

const Page = lazyPage(() => import('./QueuePage.tsx'));

export const routes: FeatureRoute[] = [
  {
    path: 'queue',
    Page,
    nav: { label: 'Queue', order: 10, requires: 'GET /api/sessions' },
    // The rows first: the list's request goes out before the page's chunks take the connections. The page
    // renders once both its chunk and the rows are there, with the rows (QueuePage's `takeParsed`).
    preload: ({ search }) => {
      const path = queueRequestPath(parseUrlState(queueSearchSchema, search));
      const rows = prefetch(path);
      Page.preload(parsePrefetched(path, toQueuePage));
      return rows;
    },
    marksFirstContent: true,
    // What QueuePage, SavedViews and BulkActions ask for on mount, for the roles that see them: none of it
    // is part of the first rows, so it is sent once the rows have answered.
    preloadSignedIn: ({ can, after }) => {
      if (can('GET', '/api/views')) prefetch('/api/views', { after });
      if (can('POST', '/api/review/bulk/assign')) prefetch('/api/review/reviewers', { after });
      if (can('GET', '/api/review/awaiting-me')) prefetch('/api/review/awaiting-me?limit=200', { after });
    },
  },
];
