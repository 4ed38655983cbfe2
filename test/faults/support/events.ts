import { randomUUID } from 'node:crypto';
import { PyFloat, type PyValue, pythonDumps } from '@console/didit/python-json';

/**
 * Realistic Didit v3 session webhooks (docs/didit.md §3.6, §4): a flat envelope, `decision` only on the
 * statuses that carry one, plural arrays, whole floats Python writes as `95.0`, and names in several scripts
 * and normal forms so the V2 canonical form is exercised. Each session's events have strictly increasing
 * timestamps, so "the newest event" is unambiguous.
 */
export interface PlannedEvent {
  /** The key the sender and the checker use: `event_id`, or the documented fallback when absent. */
  key: string;
  eventId: string | undefined;
  sessionId: string;
  webhookType: string;
  status: string;
  /** Body `timestamp` (Unix seconds); also sent as `X-Timestamp` on the first attempt. */
  timestamp: number;
  hasDecision: boolean;
  /** Exactly the bytes Didit would send. */
  raw: string;
}

interface PlanOptions {
  sessions: number;
  /** Epoch seconds of the first event; events spread over the next few seconds per session. */
  startSeconds: number;
  applicationId?: string;
  /** Fraction of events sent without `event_id` (Didit's test payloads omit it). */
  withoutEventIdRate?: number;
  /** Fraction of decision statuses sent without their decision: the console must fetch it (a job). */
  withoutDecisionRate?: number;
  random?: () => number;
}

const FINAL = ['Approved', 'Declined', 'In Review'] as const;
const WITH_DECISION = new Set(['Approved', 'Declined', 'In Review', 'Abandoned']);

// Names that stress canonical JSON: NFC vs NFD (same text, different bytes), astral plane, RTL, CJK.
const NAMES: Array<[string, string]> = [
  ['José', 'García'],
  ['Jose\u0301', 'Garci\u0301a'],
  ['Zoë', 'Ægir'],
  ['李', '小龍'],
  ['محمد', 'العلي'],
  ['Ἀλέξανδρος', 'Παπαδόπουλος'],
  ['𝓐𝓷𝓷𝓪', 'Smith 𝄞'],
  ['Ана', 'Иванова'],
  ['O\u2019Brien', 'Nguyễn'],
  ['Łukasz', 'Żółć'],
];

function fallbackKey(sessionId: string, webhookType: string, timestamp: number): string {
  return `${sessionId}:${webhookType}:${timestamp}`;
}

function decision(
  sessionId: string,
  status: string,
  workflowId: string,
  i: number,
  rnd: () => number,
): PyValue {
  const [first, last] = NAMES[i % NAMES.length]!;
  const warn =
    status === 'In Review'
      ? [
          {
            feature: 'LIVENESS',
            risk: 'LOW_LIVENESS_SCORE',
            log_type: 'warning',
            short_description: 'Low liveness score',
            long_description: 'The liveness score is below the review threshold.',
            additional_data: { score: new PyFloat(0.71) },
            node_id: 'feature_liveness',
          },
        ]
      : [];
  const hits =
    rnd() < 0.2
      ? [
          {
            id: randomUUID(),
            caption: `${first} ${last}`,
            match_score: new PyFloat(Math.round(rnd() * 100)),
            review_status: 'Unreviewed',
            datasets: ['PEP'],
          },
        ]
      : [];
  return {
    session_id: sessionId,
    session_kind: 'user',
    session_number: 10_000 + i,
    status,
    workflow_id: workflowId,
    features: ['ID_VERIFICATION', 'LIVENESS', 'FACE_MATCH', 'AML'],
    vendor_data: `user-${i}`,
    metadata: null,
    id_verifications: [
      {
        node_id: 'feature_ocr',
        status: status === 'Declined' ? 'Declined' : 'Approved',
        document_type: 'Passport',
        document_number: `P${String(1_000_000 + i)}`,
        first_name: first,
        last_name: last,
        full_name: `${first} ${last}`,
        date_of_birth: '1990-05-17',
        age: 35,
        issuing_state: 'ESP',
        warnings: [],
      },
    ],
    liveness_checks: [
      {
        node_id: 'feature_liveness',
        status: 'Approved',
        method: 'PASSIVE',
        score: new PyFloat(95),
        warnings: warn,
      },
    ],
    face_matches: [{ node_id: 'feature_face', status: 'Approved', score: new PyFloat(96.1), warnings: [] }],
    aml_screenings: [
      {
        node_id: 'feature_aml',
        status: hits.length ? 'In Review' : 'Approved',
        total_hits: hits.length,
        score: new PyFloat(hits.length ? 87.5 : 0),
        hits,
        warnings: [],
      },
    ],
    poa_verifications: null,
    reviews: [],
    created_at: '2026-11-22T00:00:00.000000Z',
  };
}

/** Every event of `sessions` sessions: Not Started → In Progress → a final status, sometimes a data.updated. */
export function planEvents(opts: PlanOptions): PlannedEvent[] {
  const rnd = opts.random ?? Math.random;
  const applicationId = opts.applicationId ?? randomUUID();
  const workflowId = randomUUID();
  const out: PlannedEvent[] = [];
  for (let i = 0; i < opts.sessions; i++) {
    const sessionId = randomUUID();
    const final = FINAL[Math.floor(rnd() * FINAL.length)]!;
    const steps: Array<[string, string]> = [
      ['status.updated', 'Not Started'],
      ['status.updated', 'In Progress'],
      ['status.updated', final],
    ];
    if (rnd() < 0.25) steps.push(['data.updated', final]);
    // Spread sessions over a few seconds so timestamps stay within Didit's ±300 s window for the whole run.
    let ts = opts.startSeconds + (i % 20);
    for (const [webhookType, status] of steps) {
      const hasEventId = rnd() >= (opts.withoutEventIdRate ?? 0.1);
      const eventId = hasEventId ? randomUUID() : undefined;
      const hasDecision = WITH_DECISION.has(status) && rnd() >= (opts.withoutDecisionRate ?? 0);
      const body: Record<string, PyValue> = {
        webhook_type: webhookType,
        timestamp: ts,
        created_at: opts.startSeconds - 5,
        application_id: applicationId,
        environment: 'sandbox',
        session_id: sessionId,
        status,
        workflow_id: workflowId,
        workflow_version: 4,
        vendor_data: `user-${i}`,
        metadata: { plan: i % 2 ? 'premium' : 'basic' },
      };
      if (eventId) body.event_id = eventId;
      if (hasDecision) body.decision = decision(sessionId, status, workflowId, i, rnd);
      out.push({
        key: eventId ?? fallbackKey(sessionId, webhookType, ts),
        eventId,
        sessionId,
        webhookType,
        status,
        timestamp: ts,
        hasDecision,
        raw: pythonDumps(body),
      });
      ts += 1 + Math.floor(rnd() * 3);
    }
  }
  return out;
}

/** Fisher–Yates with the given random source. */
export function shuffle<T>(items: T[], rnd: () => number = Math.random): T[] {
  const a = items.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

/** A deterministic PRNG (mulberry32) so a failing run can be replayed with its seed. */
export function seeded(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
