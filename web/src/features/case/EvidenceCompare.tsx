import { type PointerEvent, useMemo, useRef, useState } from 'react';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { MediaItem } from './case.api.ts';
import {
  type Comparison,
  compareIdentity,
  FACE_IMAGES,
  HOME,
  panBy,
  SOURCE_LABEL,
  type View,
  zoomBy,
} from './evidence-compare.ts';
import { ScrollingTable } from './ScrollingTable.tsx';

/**
 * Evidence side by side: the document portrait, the selfie and the liveness frame next to each other with one
 * zoom and pan for all three (drag any pane, or use the buttons), then the identity fields as each source
 * read them, disagreements marked.
 */
export function EvidenceCompare({
  decision,
  media,
}: {
  decision: Record<string, unknown>;
  media: MediaItem[];
}) {
  const t = useT();
  const comparison = useMemo(() => compareIdentity(decision), [decision]);
  const faces = FACE_IMAGES.map((f) => ({
    ...f,
    item: media.find((m) => m.key.startsWith(f.prefix)),
  })).filter((f): f is typeof f & { item: MediaItem } => f.item !== undefined);
  if (faces.length < 2 && comparison.rows.length === 0) return null;
  return (
    <section className="evidence-section evidence-compare card" aria-labelledby="compare-title">
      <h2 id="compare-title">{t('case.compare.title')}</h2>
      {faces.length >= 2 && <SyncedFaces faces={faces} />}
      {comparison.rows.length > 0 && <FieldComparison comparison={comparison} />}
    </section>
  );
}

function SyncedFaces({ faces }: { faces: { label: MessageKey; item: MediaItem }[] }) {
  const t = useT();
  const [view, setView] = useState<View>(HOME);
  const drag = useRef<{ x: number; y: number; w: number; h: number } | null>(null);
  const onDown = (e: PointerEvent<HTMLDivElement>) => {
    const box = e.currentTarget.getBoundingClientRect();
    drag.current = { x: e.clientX, y: e.clientY, w: box.width, h: box.height };
    e.currentTarget.setPointerCapture(e.pointerId);
  };
  const onMove = (e: PointerEvent<HTMLDivElement>) => {
    const d = drag.current;
    if (!d) return;
    setView((v) => panBy(v, (e.clientX - d.x) / d.w, (e.clientY - d.y) / d.h));
    drag.current = { ...d, x: e.clientX, y: e.clientY };
  };
  const onUp = () => {
    drag.current = null;
  };
  const transform = `translate(${view.x * 100}%, ${view.y * 100}%) scale(${view.zoom})`;
  return (
    <>
      <div className="viewer-toolbar" role="toolbar" aria-label={t('case.compare.toolbar')}>
        <button type="button" className="button small" onClick={() => setView((v) => zoomBy(v, 1.25))}>
          {t('case.compare.zoom_in')}
        </button>
        <button type="button" className="button small" onClick={() => setView((v) => zoomBy(v, 0.8))}>
          {t('case.compare.zoom_out')}
        </button>
        <button type="button" className="button small button-ghost" onClick={() => setView(HOME)}>
          {t('case.compare.reset')}
        </button>
        <span className="muted small" data-testid="compare-zoom">
          {Math.round(view.zoom * 100)}%
        </span>
        <span className="muted small">{t('case.compare.drag')}</span>
      </div>
      <ul className="compare-faces">
        {faces.map((f) => (
          <li key={f.item.key}>
            <div
              className="compare-pane"
              data-testid="compare-pane"
              onPointerDown={onDown}
              onPointerMove={onMove}
              onPointerUp={onUp}
              onPointerCancel={onUp}
            >
              <img src={f.item.url} alt={t(f.label)} draggable={false} style={{ transform }} />
            </div>
            <span className="small">{t(f.label)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

const VERDICT: Record<string, MessageKey> = {
  full_match: 'case.compare.verdict.full_match',
  partial_match: 'case.compare.verdict.partial_match',
  no_match: 'case.compare.verdict.no_match',
};

function FieldComparison({ comparison }: { comparison: Comparison }) {
  const { sources, rows } = comparison;
  const t = useT();
  const disagreements = rows.filter((r) => r.disagree).length;
  return (
    <>
      <p className={disagreements ? 'compare-summary compare-bad' : 'compare-summary muted'} role="status">
        {disagreements === 0 ? t('case.compare.agree') : t('case.compare.disagree', { count: disagreements })}
      </p>
      <ScrollingTable
        label={t('case.compare.fields')}
        tableClassName="compare-table"
        tableTestId="compare-table"
        columns={[t('case.compare.field'), ...sources.map((s) => t(SOURCE_LABEL[s]))]}
      >
        {rows.map((r) => (
          <tr key={r.key} data-field={r.key} data-disagree={r.disagree || undefined}>
            <th scope="row">
              {t(r.label)}
              {r.disagree && <span className="visually-hidden"> {t('case.compare.disagree_mark')}</span>}
            </th>
            {sources.map((s) => {
              const cell = r.cells[s];
              return (
                <td key={s} dir="auto" className={cell?.differs ? 'compare-differs' : undefined}>
                  {cell?.value ?? '—'}
                  {s === 'database' && r.verdict && (
                    <span className="muted small">
                      {' '}
                      ({t(VERDICT[r.verdict] ?? 'case.compare.verdict.other')})
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </ScrollingTable>
    </>
  );
}
