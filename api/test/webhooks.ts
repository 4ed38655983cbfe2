import { signatureHeaders } from '@console/didit/signature';

/** Test-only: signed deliveries the way Didit sends them (all three signatures unless told otherwise). */
export const TEST_WEBHOOK_SECRET = 'tno2NTeRC1ZK3sBOYlBJDyEzBVENl3pQ1AcZyAW0xnQ';

export type SchemeChoice = 'all' | 'v2' | 'raw' | 'simple';

export function signed(
  body: string,
  opts: { ts?: number; scheme?: SchemeChoice; secret?: string } = {},
): { body: string; headers: Record<string, string> } {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const all = signatureHeaders(body, opts.secret ?? TEST_WEBHOOK_SECRET, ts);
  const pick = {
    all: ['X-Signature', 'X-Signature-V2', 'X-Signature-Simple'],
    v2: ['X-Signature-V2'],
    raw: ['X-Signature'],
    simple: ['X-Signature-Simple'],
  }[opts.scheme ?? 'all'];
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'X-Timestamp': all['X-Timestamp']!,
  };
  for (const h of pick) headers[h] = all[h]!;
  return { body, headers };
}

let counter = 0;

export interface StatusEventOptions {
  sessionId: string;
  status: string;
  ts?: number;
  eventId?: string | null;
  webhookType?: string;
  decision?: Record<string, unknown> | null;
  vendorData?: string;
  extra?: Record<string, unknown>;
}

/** A v3 `status.updated` body (docs/didit.md §3.6). */
export function statusEvent(o: StatusEventOptions): Record<string, unknown> {
  const ts = o.ts ?? Math.floor(Date.now() / 1000);
  const body: Record<string, unknown> = {
    webhook_type: o.webhookType ?? 'status.updated',
    timestamp: ts,
    created_at: ts,
    session_id: o.sessionId,
    status: o.status,
    workflow_id: '22222222-3333-4444-5555-666666666666',
    workflow_version: 4,
    ...(o.vendorData ? { vendor_data: o.vendorData } : {}),
    ...(o.decision ? { decision: o.decision } : {}),
    ...o.extra,
  };
  if (o.eventId !== null) body.event_id = o.eventId ?? `evt-${Date.now()}-${counter++}`;
  return body;
}

/** A small KYC decision with a name, a document number, warnings and AML hits. */
export function kycDecision(o: {
  sessionId: string;
  status: string;
  fullName?: string;
  documentNumber?: string;
  warnings?: ('error' | 'warning' | 'information')[];
  hits?: ('Unreviewed' | 'False Positive' | 'Confirmed Match')[];
  sessionNumber?: number;
}): Record<string, unknown> {
  return {
    session_id: o.sessionId,
    session_kind: 'user',
    session_number: o.sessionNumber ?? 1000,
    status: o.status,
    id_verifications: [
      {
        node_id: 'feature_ocr',
        status: o.status,
        full_name: o.fullName ?? 'Carmen Española',
        document_number: o.documentNumber ?? 'X1234567',
        warnings: (o.warnings ?? []).map((log_type, i) => ({
          feature: 'ID_VERIFICATION',
          risk: `RISK_${i}`,
          log_type,
          short_description: 'x',
          long_description: 'y',
        })),
      },
    ],
    liveness_checks: [{ node_id: 'feature_liveness', status: 'Approved', score: 95.5, warnings: [] }],
    aml_screenings: o.hits
      ? [
          {
            node_id: 'node-aml-1',
            status: 'In Review',
            total_hits: o.hits.length,
            hits: o.hits.map((review_status, i) => ({ id: `hit-${i}`, review_status, match_score: 95 })),
            warnings: [],
          },
        ]
      : null,
    poa_verifications: null,
    reviews: [],
    created_at: '2026-11-01T10:00:00.000000Z',
  };
}
