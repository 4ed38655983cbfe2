import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import type { ReviewReason } from './why-review.ts';

const KIND_LABEL = {
  failed: 'case.why.failed',
  warning: 'case.why.warning',
  aml: 'case.why.aml',
} as const satisfies Record<string, MessageKey>;

/** The first thing on a case: why it waits for a person, each reason linked to its section. */
export function WhyInReview({ reasons, status }: { reasons: ReviewReason[]; status: string }) {
  const t = useT();
  if (reasons.length === 0) return null;
  return (
    <section className="card why-review" aria-labelledby="why-review-title" data-testid="why-review">
      <h2 id="why-review-title">
        {/review/i.test(status) ? t('case.why.title') : t('case.why.title_other')}
      </h2>
      <ul>
        {reasons.map((r) => (
          <li key={`${r.anchor}-${r.kind}-${r.text}`}>
            <span className="muted small">{t(KIND_LABEL[r.kind])} · </span>
            <a href={`#${r.anchor}`}>{r.text}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
