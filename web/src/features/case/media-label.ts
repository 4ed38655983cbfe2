import { familyKey, termText } from '../../i18n/terms.ts';
import type { MediaItem } from './case.api.ts';

/** The API's media kinds (api/src/review/media.service.ts), in the person's language: `case.media.kind.<kind>`. */
const KINDS = 'case.media.kind.*';

/** An image's name: its kind (the key's `<kind>-<index>` prefix) from the catalog, else the server's label. */
export function mediaLabel(item: Pick<MediaItem, 'key' | 'label'>): string {
  return termText(familyKey(KINDS, item.key.slice(0, item.key.lastIndexOf('-'))), item.key, item.label).label;
}
