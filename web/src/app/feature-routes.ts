import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { LazyPage } from './lazy-page.tsx';

/**
 * What a feature folder contributes to the app: pages (lazy, so each is its own chunk) and, optionally,
 * a navigation entry. Each `features/<name>/routes.ts` exports `routes: FeatureRoute[]`; the app collects
 * them all, so a new feature adds pages without touching the shell.
 */
export interface FeatureRoute {
  /** Relative to the signed-in shell, e.g. `queue`, `sessions/:id`, `admin/users`. */
  path: string;
  /** `React.lazy`, or `lazyPage` for a page whose `preload` starts its chunk (no Suspense on a first load). */
  Page: LazyExoticComponent<ComponentType> | LazyPage;
  /**
   * On a first load at this route, before the app renders: start the page's first GETs (`prefetch`), then
   * its chunk, in parallel with the sign-in check instead of after it. Answers the GET the page's first
   * content waits for, if any: what the page does not need for it waits until that has answered
   * (app/preload.ts).
   */
  preload?: (at: {
    params: Record<string, string | undefined>;
    search: URLSearchParams;
  }) => Promise<Response | undefined> | undefined;
  /**
   * The page calls `markFirstContentShown` (app/first-content.ts) once its first data has rendered: what the
   * first load sends after that waits for it rather than only for the data's answer.
   */
  marksFirstContent?: true;
  /**
   * The same, for the page's GETs that depend on who is signed in: called once `/api/auth/me` has answered,
   * with the person's permissions, so it prefetches only what the page will ask for (and may).
   */
  preloadSignedIn?: (at: {
    params: Record<string, string | undefined>;
    search: URLSearchParams;
    can: (method: string, path: string) => boolean;
    /** Settles once the page's first content can show: pass it to `prefetch` for what is not part of it. */
    after: Promise<void> | undefined;
  }) => void;
  nav?: FeatureNav;
}

export interface FeatureNav {
  label: string;
  /** Position in the navigation bar (queue 10, sharing 20–39, audit 50, admin 80+). */
  order: number;
  /** The server route the page is for: the link shows only to roles the server would let call it. */
  requires: `${'GET' | 'POST'} /api/${string}`;
}

/**
 * Pages in the navigation bar with nothing to preload, the common case, one row each: the path, the nav
 * label, order and required server route, and the page module's dynamic import (so each page stays its
 * own chunk).
 */
type NavPageRow = readonly [
  path: string,
  label: string,
  order: number,
  requires: FeatureNav['requires'],
  load: () => Promise<{ default: ComponentType }>,
];

export function navPages(rows: readonly NavPageRow[]): FeatureRoute[] {
  return rows.map(([path, label, order, requires, load]) => ({
    path,
    Page: lazy(load),
    nav: { label, order, requires },
  }));
}
