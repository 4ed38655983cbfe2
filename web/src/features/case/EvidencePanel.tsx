import { useMemo } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';
import { EvidenceCompare } from './EvidenceCompare.tsx';
import { EvidenceSection } from './EvidenceSections.tsx';
import type { Section } from './evidence.ts';
import { MediaGallery } from './MediaGallery.tsx';
import type { CaseReview } from './use-case-review.ts';

/** Didit's results, one section per feature (why-In-Review first), then images no section claimed. */
export function EvidencePanel({ c, sections }: { c: CaseReview; sections: Section[] }) {
  const t = useT();
  const nodeIds = useMemo(() => new Set(sections.flatMap((s) => s.nodes.map((n) => n.node_id))), [sections]);
  const looseMedia = c.media.filter((m) => !m.nodeId || !nodeIds.has(m.nodeId));
  return (
    <>
      {sections.length === 0 && <p className="card muted">{t('case.evidence.none')}</p>}
      {c.data && c.data.row.kind !== 'business' && (
        <EvidenceCompare decision={c.data.decision} media={c.media} />
      )}
      <div className="evidence-grid">
        {sections.map((s) => (
          <EvidenceSection
            key={s.key}
            section={s}
            ctx={{
              sessionId: c.id,
              media: c.media,
              canDisposeAml: c.may.aml,
              canOpenDocuments: c.may.documents,
              onChanged: () => void c.caseRes.reload(),
            }}
          />
        ))}
        {looseMedia.length > 0 && (
          <section className="evidence-section evidence-wide" aria-labelledby="images-title">
            <h2 id="images-title">{t('case.evidence.images')}</h2>
            <MediaGallery items={looseMedia} />
          </section>
        )}
      </div>
    </>
  );
}
