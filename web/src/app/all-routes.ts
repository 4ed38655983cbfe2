import type { FeatureRoute } from './feature-routes.ts';

/** Every feature's pages: each `features/<name>/routes.ts` (see `FeatureRoute`). */
const modules = import.meta.glob<{ routes: FeatureRoute[] }>('../features/*/routes.ts', { eager: true });
export const featureRoutes: FeatureRoute[] = Object.values(modules).flatMap((m) => m.routes);
