/**
 * The first load's first script (index.html names it before the app's entry, and it is its own small
 * chunk): on the queue, the page of every reviewer's first load, the sign-in check and the first rows leave
 * as soon as this much has loaded, instead of once the whole app (React, the router, the shell) has been
 * downloaded and evaluated. The app's own preload (app/preload.ts) then finds both in flight (`prefetch`
 * sends a path once) and adds what depends on them. Any other page is left to the app.
 */
import { prefetch } from './api/prefetch.ts';
import { queueRowsPath } from './features/queue/first-request.ts';

if (window.location.pathname === '/' || window.location.pathname === '/queue') {
  prefetch('/api/auth/me');
  prefetch(queueRowsPath(new URLSearchParams(window.location.search)));
}
