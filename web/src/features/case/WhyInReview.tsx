import type { ReviewReason } from './why-review.ts';

const KIND_LABEL = { failed: 'Check not passed', warning: 'Warning', aml: 'AML' } as const;

/** The first thing on a case: why it waits for a person, each reason linked to its section. */
export function WhyInReview({ reasons, status }: { reasons: ReviewReason[]; status: string }) {
  if (reasons.length === 0) return null;
  return (
    <section className="card why-review" aria-labelledby="why-review-title" data-testid="why-review">
      <h2 id="why-review-title">
        {/review/i.test(status) ? 'Why this case is in review' : 'What to look at'}
      </h2>
      <ul>
        {reasons.map((r) => (
          <li key={`${r.anchor}-${r.kind}-${r.text}`}>
            <span className="muted small">{KIND_LABEL[r.kind]} · </span>
            <a href={`#${r.anchor}`}>{r.text}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}
