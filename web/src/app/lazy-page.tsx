import { type ComponentType, type LazyExoticComponent, lazy, useEffect, useState } from 'react';
import { Spinner } from '../components/ui.tsx';

/** A feature page in its own chunk, as `React.lazy` makes it, with `preload` for a first load. */
export type LazyPage = LazyExoticComponent<ComponentType> & {
  /**
   * Starts loading the page's chunk (once); `RoutePage` then waits for it without suspending. With `ready`
   * (the page's first data being parsed, `parsePrefetched`), the page counts as loaded only once that has
   * settled too, so its first render already has the data.
   */
  preload(ready?: Promise<unknown>): void;
};

interface Chunk {
  start(ready?: Promise<unknown>): Promise<ComponentType>;
  loading?: Promise<ComponentType>;
  loaded?: ComponentType;
  preloaded: boolean;
}

const chunks = new WeakMap<object, Chunk>();

/** `React.lazy(load)` that `RoutePage` can render without Suspense once `preload` was called. */
export function lazyPage(load: () => Promise<{ default: ComponentType }>): LazyPage {
  const chunk: Chunk = {
    preloaded: false,
    start(ready) {
      chunk.loading ??= Promise.all([load(), ready]).then(([m]) => {
        chunk.loaded = m.default;
        return m.default;
      });
      return chunk.loading;
    },
  };
  const Page = lazy(() => chunk.start().then((C) => ({ default: C })));
  chunks.set(Page, chunk);
  return Object.assign(Page, {
    preload(ready?: Promise<unknown>) {
      chunk.preloaded = true;
      void chunk.start(ready);
    },
  });
}

/**
 * Renders a route's page. React (19) reveals content that replaces a Suspense fallback no sooner than
 * 300 ms after the fallback was shown, so a lazy page whose chunk was requested at boot (app/preload.ts) and
 * arrived just after the shell had rendered still waited up to 300 ms to appear. A preloaded page
 * (`lazyPage`) is instead rendered at once when its chunk is there, and otherwise shows the same spinner
 * itself and renders the page as an ordinary update when the chunk arrives. Any other page, and a page
 * reached by navigating in the app, goes through `React.lazy` and the shell's Suspense as before.
 */
export function RoutePage({ Page }: { Page: ComponentType }) {
  const chunk = chunks.get(Page);
  // Decided once per mount (App keys it by route), so a page never switches between the two ways.
  const [direct] = useState(() => Boolean(chunk && (chunk.loaded || chunk.preloaded)));
  const [, arrived] = useState(false);
  const [failure, setFailure] = useState<{ error: unknown }>();
  const waiting = direct && !chunk?.loaded ? chunk?.loading : undefined;
  useEffect(() => {
    if (!waiting) return;
    let live = true;
    waiting.then(
      () => live && arrived(true),
      (error: unknown) => live && setFailure({ error }),
    );
    return () => {
      live = false;
    };
  }, [waiting]);
  // A chunk that failed to load is the route's error, as React.lazy would report it.
  if (failure) throw failure.error;
  if (!direct) return <Page />;
  const Loaded = chunk?.loaded;
  return Loaded ? <Loaded /> : <Spinner />;
}
