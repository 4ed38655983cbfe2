import { useState } from 'react';
import { Modal } from '../../components/Modal.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { MediaItem } from './case.api.ts';
import { mediaLabel } from './media-label.ts';

/**
 * Images come through the console's media route, which fetches a fresh presigned URL from Didit at view
 * time; nothing is stored. The viewer zooms and rotates (documents are often photographed sideways).
 */
export function MediaGallery({ items }: { items: MediaItem[] }) {
  const t = useT();
  const [open, setOpen] = useState<MediaItem | null>(null);
  const [zoom, setZoom] = useState(1);
  const [rotation, setRotation] = useState(0);
  if (items.length === 0) return null;
  const show = (m: MediaItem) => {
    setZoom(1);
    setRotation(0);
    setOpen(m);
  };
  return (
    <>
      <ul className="media-grid">
        {items.map((m) => (
          <li key={m.key}>
            <button
              type="button"
              className="media-thumb"
              onClick={() => show(m)}
              aria-label={t('case.media.view', { label: mediaLabel(m) })}
            >
              <img src={m.url} alt={mediaLabel(m)} loading="lazy" decoding="async" />
              <span className="small">{mediaLabel(m)}</span>
            </button>
          </li>
        ))}
      </ul>
      <Modal
        open={open !== null}
        onOpenChange={(o) => !o && setOpen(null)}
        title={open ? mediaLabel(open) : t('case.media.image')}
        wide
      >
        <div className="viewer-toolbar" role="toolbar" aria-label={t('case.media.controls')}>
          <button type="button" className="button" onClick={() => setZoom((z) => Math.min(4, z + 0.25))}>
            {t('case.compare.zoom_in')}
          </button>
          <button type="button" className="button" onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))}>
            {t('case.compare.zoom_out')}
          </button>
          <button type="button" className="button" onClick={() => setRotation((r) => (r + 90) % 360)}>
            {t('case.media.rotate')}
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setZoom(1);
              setRotation(0);
            }}
          >
            {t('case.compare.reset')}
          </button>
          <span className="muted small">{Math.round(zoom * 100)}%</span>
        </div>
        <div className="viewer">
          {open && (
            <img
              src={open.url}
              alt={mediaLabel(open)}
              style={{ transform: `scale(${zoom}) rotate(${rotation}deg)` }}
              data-testid="media-viewer-image"
            />
          )}
        </div>
      </Modal>
    </>
  );
}
