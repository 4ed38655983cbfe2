import { z } from 'zod';

const flag = z.enum(['', 'true', 'false']).catch('').default('');

/** The queue's URL: every filter, the tab and the keyset cursor. Unknown values fall back to defaults. */
export const queueSearchSchema = z.object({
  /** `confirm`: decisions other reviewers staged, awaiting my confirmation (four-eyes). */
  tab: z.enum(['review', 'imported', 'all', 'confirm']).catch('review').default('review'),
  q: z.string().max(200).catch('').default(''),
  status: z.string().max(40).catch('').default(''),
  kind: z.enum(['', 'user', 'business']).catch('').default(''),
  workflow_id: z.string().max(64).catch('').default(''),
  from: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$|^$/)
    .catch('')
    .default(''),
  has_aml_hits: flag,
  has_unreviewed_hits: flag,
  has_issues: flag,
  assigned: z.enum(['', 'me', 'none']).catch('').default(''),
  order: z.enum(['', 'oldest', 'newest']).catch('').default(''),
  /** The column the queue is ordered by: when the case began (default) or its last event. */
  sort: z.enum(['', 'created', 'last_event']).catch('').default(''),
  /** The person's or business's entity status (issue 16). */
  entity_status: z.enum(['', 'ACTIVE', 'FLAGGED', 'BLOCKED']).catch('').default(''),
  cursor: z.string().max(500).catch('').default(''),
});

export type QueueSearch = z.infer<typeof queueSearchSchema>;

export const TABS = [
  { value: 'review', label: 'In Review' },
  { value: 'imported', label: 'Imported' },
  { value: 'all', label: 'All' },
] as const;

/** In Review is worked oldest first (the longest wait goes first); the other tabs show newest first. */
export function effectiveOrder(s: QueueSearch): 'oldest' | 'newest' {
  if (s.order) return s.order;
  return s.tab === 'review' ? 'oldest' : 'newest';
}

export { KYC_SESSION_STATUSES as KYC_STATUSES } from '@console/didit/statuses';
