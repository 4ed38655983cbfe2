import { useEffect } from 'react';
import { Link, useRouteError } from 'react-router-dom';
import { useT } from '../i18n/I18nProvider.tsx';

const RELOAD_FLAG = 'console.chunk-reload';

function isStaleChunk(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /dynamically imported module|Importing a module script failed|error loading dynamically/i.test(
    message,
  );
}

/**
 * Shown when a page throws or its code cannot load. A page chunk that 404s means the console was
 * redeployed under an open tab: reload once to pick up the new build instead of showing a stack trace.
 */
export function RouteError() {
  const error = useRouteError();
  const stale = isStaleChunk(error);
  const t = useT();

  useEffect(() => {
    if (!stale) return;
    try {
      if (sessionStorage.getItem(RELOAD_FLAG)) return;
      sessionStorage.setItem(RELOAD_FLAG, '1');
    } catch {
      return;
    }
    window.location.reload();
  }, [stale]);

  useEffect(() => {
    // A page that rendered clears the flag, so a later deploy may reload again.
    const t = setTimeout(() => {
      try {
        sessionStorage.removeItem(RELOAD_FLAG);
      } catch {}
    }, 10_000);
    return () => clearTimeout(t);
  }, []);

  return (
    <section className="card narrow" role="alert">
      <h1>{t(stale ? 'app.route_error.updated_title' : 'app.route_error.failed_title')}</h1>
      <p>{t(stale ? 'app.route_error.updated_body' : 'app.route_error.failed_body')}</p>
      {!stale && error instanceof Error && <pre className="mono small">{error.message}</pre>}
      <p className="cell-row">
        <button type="button" className="button button-primary" onClick={() => window.location.reload()}>
          {t('app.route_error.reload')}
        </button>
        <Link className="button" to="/queue" reloadDocument>
          {t('app.back_to_queue')}
        </Link>
      </p>
    </section>
  );
}
