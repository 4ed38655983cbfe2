import { flattenCatalog } from '../catalog.ts';

// Every namespace of one locale in one lazily loaded chunk (loaded by ../load.ts, never statically).
export default flattenCatalog(
  import.meta.glob<Record<string, string>>('./en/*.json', { eager: true, import: 'default' }),
);
