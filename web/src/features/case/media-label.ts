import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import type { MediaItem } from './case.api.ts';

/** The API's media kinds (api/src/review/media.service.ts), in the person's language. */
const KIND_LABEL: Record<string, MessageKey> = {
  portrait: 'case.media.kind.portrait',
  document_front: 'case.media.kind.document_front',
  document_back: 'case.media.kind.document_back',
  liveness_reference: 'case.media.kind.liveness_reference',
  face_match_source: 'case.media.kind.face_match_source',
  face_match_target: 'case.media.kind.face_match_target',
};

/** An image's name: its kind (the key's `<kind>-<index>` prefix) from the catalog, else the server's label. */
export function mediaLabel(item: Pick<MediaItem, 'key' | 'label'>): string {
  const id = KIND_LABEL[item.key.slice(0, item.key.lastIndexOf('-'))];
  return id ? translate(id) : item.label;
}
