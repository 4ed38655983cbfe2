/**
 * Why a case is In Review, from Didit's decision: the checks that did not pass, the warnings each raised and
 * the AML hits nobody has dispositioned. The case view shows this first, each line linked to its section.
 * No React: the texts come from the active catalog (`translate`), so the page recomputes them per locale.
 */

import { translate } from '../../i18n/current.ts';
import { diditKey, diditLabel } from '../../i18n/didit.ts';
import { termText } from '../../i18n/terms.ts';
import type { HistoryEntry } from './case.api.ts';
import { amlHitsOf, type Section, warningsOf } from './evidence.ts';

export interface ReviewReason {
  /** Anchor of the section the reason is about (`section-<array key>`). */
  anchor: string;
  section: string;
  kind: 'failed' | 'warning' | 'aml';
  text: string;
}

const PASSED = new Set(['APPROVED', 'NOT_FINISHED', '']);

export function reviewReasons(sections: Section[]): ReviewReason[] {
  const out: ReviewReason[] = [];
  for (const s of sections) {
    const anchor = `section-${s.key}`;
    for (const node of s.nodes) {
      const status = String(node.status ?? '')
        .trim()
        .toUpperCase()
        .replace(/\s+/g, '_');
      if (!PASSED.has(status)) {
        out.push({
          anchor,
          section: s.spec.title,
          kind: 'failed',
          text: translate('case.why.failed_text', {
            check: diditLabel('check', s.key),
            status: diditLabel('status', status),
          }),
        });
      }
      for (const w of warningsOf(node)) {
        if (w.logType === 'information') continue;
        out.push({
          anchor,
          section: s.spec.title,
          kind: 'warning',
          // The console's words for a known risk code; Didit's own description for one it does not know yet.
          text: translate(w.logType === 'error' ? 'case.why.warning_error' : 'case.why.warning_text', {
            warning: termText(diditKey('risk', w.risk), w.risk, w.short || diditLabel('risk', w.risk)).label,
          }),
        });
      }
      if (s.spec.render === 'aml') {
        const open = amlHitsOf(node).filter((h) => !h.reviewStatus || h.reviewStatus === 'Unreviewed');
        if (open.length > 0)
          out.push({
            anchor,
            section: s.spec.title,
            kind: 'aml',
            text: translate('case.why.aml_open', { count: open.length }),
          });
      }
    }
  }
  // One line per distinct reason and section (several nodes can raise the same warning).
  const seen = new Set<string>();
  return out.filter((r) => {
    const key = `${r.anchor}|${r.kind}|${r.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** KYB cases lead with what identifies the business: registry, key people, documents. */
const KYB_FIRST = ['registry_checks', 'key_people_checks', 'document_verifications'];

export function orderSections(sections: Section[], kind: string): Section[] {
  if (kind !== 'business') return sections;
  const rank = (s: Section) => {
    const i = KYB_FIRST.indexOf(s.key);
    return i === -1 ? KYB_FIRST.length : i;
  };
  return [...sections].sort((a, b) => rank(a) - rank(b));
}

/** The timeline shows changes: an entry that repeats the previous status is dropped. */
export function collapseTimeline(history: HistoryEntry[]): HistoryEntry[] {
  return history.filter((h, i) => i === 0 || h.status !== history[i - 1]!.status);
}
