import { useState } from 'react';
import { Modal } from '../../components/Modal.tsx';
import type { MediaItem } from './case.api.ts';

/**
 * Images come through the console's media route, which fetches a fresh presigned URL from Didit at view
 * time; nothing is stored. The viewer zooms and rotates (documents are often photographed sideways).
 */
export function MediaGallery({ items }: { items: MediaItem[] }) {
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
              aria-label={`View ${m.label}`}
            >
              <img src={m.url} alt={m.label} loading="lazy" decoding="async" />
              <span className="small">{m.label}</span>
            </button>
          </li>
        ))}
      </ul>
      <Modal
        open={open !== null}
        onOpenChange={(o) => !o && setOpen(null)}
        title={open?.label ?? 'Image'}
        wide
      >
        <div className="viewer-toolbar" role="toolbar" aria-label="Image controls">
          <button type="button" className="button" onClick={() => setZoom((z) => Math.min(4, z + 0.25))}>
            Zoom in
          </button>
          <button type="button" className="button" onClick={() => setZoom((z) => Math.max(0.5, z - 0.25))}>
            Zoom out
          </button>
          <button type="button" className="button" onClick={() => setRotation((r) => (r + 90) % 360)}>
            Rotate
          </button>
          <button
            type="button"
            className="button button-ghost"
            onClick={() => {
              setZoom(1);
              setRotation(0);
            }}
          >
            Reset
          </button>
          <span className="muted small">{Math.round(zoom * 100)}%</span>
        </div>
        <div className="viewer">
          {open && (
            <img
              src={open.url}
              alt={open.label}
              style={{ transform: `scale(${zoom}) rotate(${rotation}deg)` }}
              data-testid="media-viewer-image"
            />
          )}
        </div>
      </Modal>
    </>
  );
}
