import { parseUrlState } from '../../lib/parse-url-state.ts';
import { queueRequestPath } from './queue.api.ts';
import { queueSearchSchema } from './queue.search.ts';

/** The GET for the queue's first rows at this URL: what the page asks for first (routes.ts). */
export const queueRowsPath = (search: URLSearchParams) =>
  queueRequestPath(parseUrlState(queueSearchSchema, search));
