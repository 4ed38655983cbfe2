import { loadMessages } from '../i18n/load.ts';
import { initialLocale } from '../i18n/locales.ts';
import { featureRoutes } from './all-routes.ts';
import { startUserCheck } from './auth-context.tsx';
import { preloadFirstPage } from './preload.ts';

// The entry's first import, so this runs before React and the rest of the app are evaluated: the first
// page's requests go out while the browser is still busy with the entry script.
preloadFirstPage(featureRoutes, window.location);
// The first render waits for a catalog (i18n/I18nProvider): fetch it beside the first page's data.
void loadMessages(initialLocale());
// Who is signed in, from the prefetched answer: known before the catalog arrives, so the first render with
// the catalog shows the page, not a spinner (app/auth-context.tsx).
startUserCheck();
