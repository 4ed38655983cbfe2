import { randomUUID } from 'node:crypto';
import { type PyValue, pythonDumps } from '@console/didit/python-json';
import { generateDecision } from '@console/sandbox/generator';
import { NON_LATIN_PEOPLE, type Script } from '@console/sandbox/generator-data';
import { type EventInput, eventFromWebhook } from 'api/event-input';
import { redactLinksInJson } from 'api/redact-links';
import { deriveSessionColumns } from 'api/session-columns';
import { companyName, personName, prng } from './names.ts';

/**
 * Realistic Didit `status.updated` bodies at bench volume. Generating a decision takes ~2 ms, so a few
 * hundred are generated with the sandbox's generator and reused as templates: each body gets its own
 * session id, event id, session number, vendor_data, person or company name, document number and times by
 * substitution in the canonical (Python `json.dumps`) text, so bodies stay byte-identical to what Didit signs.
 */

const TPL_EID = 'e0e0e0e0-7e57-4000-8000-00000000beef';
const TPL_SHARED = '5ba2ed00-7e57-4000-8000-00000000f00d';
const TPL_NUM = 987654321;
const TPL_TS = 1999999999;
const TPL_VENDOR = 'tpl-vendor-data';

type Slot = 'sid' | 'eid' | 'shared' | 'num' | 'ts' | 'vendor' | 'first' | 'last' | 'doc' | 'iso' | 'company';

export interface RowValues {
  sid: string;
  eid: string;
  num: number;
  /** Unix seconds of the event (body `timestamp`/`created_at`, and the X-Timestamp header). */
  ts: number;
  /** Didit's `created_at` of the session (orders the queue). */
  createdMs: number;
  vendor: string;
  seed: number;
}

export interface Template {
  kind: 'user' | 'business';
  status: string;
  script: Script;
  hasDecision: boolean;
  parts: string[];
  slots: Slot[];
  /** What the intake derives from a body of this template; per-row fields are overwritten. */
  base: EventInput;
}

export const WORKFLOWS = {
  kyc: '3f0e9a4c-1d2b-4c5e-8f70-a1b2c3d4e5f6',
  kycEnhanced: '7a6b5c4d-3e2f-4a1b-9c8d-0e1f2a3b4c5d',
  kyb: 'b1c2d3e4-f5a6-4b7c-8d9e-0f1a2b3c4d5e',
} as const;

/** Seeded mix: a large customer's backlog (a fifth In Review), statuses without a decision included. */
const SEED_STATUS_MIX: [string, number][] = [
  ['Approved', 45],
  ['In Review', 20],
  ['Declined', 15],
  ['Abandoned', 5],
  ['In Progress', 8],
  ['Expired', 7],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(text: string, needles: [string, Slot][]): { parts: string[]; slots: Slot[] } {
  const sorted = needles.filter(([n]) => n.length > 0).sort((a, b) => b[0].length - a[0].length);
  const bySlot = new Map(sorted);
  const re = new RegExp(`(${sorted.map(([n]) => escapeRe(n)).join('|')})`, 'g');
  const pieces = text.split(re);
  const parts: string[] = [];
  const slots: Slot[] = [];
  for (let i = 0; i < pieces.length; i++) {
    if (i % 2 === 0) parts.push(pieces[i]!);
    else slots.push(bySlot.get(pieces[i]!)!);
  }
  return { parts, slots };
}

const DOC_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

function isoMicro(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '000Z');
}

export function render(t: Template, v: RowValues): string {
  const r = prng(v.seed);
  let first = '';
  let last = '';
  let company = '';
  if (t.kind === 'user') ({ first, last } = personName(r, t.script));
  else company = companyName(r);
  const doc = `${t.kind === 'user' ? 'DOC' : 'REG-'}${Math.floor(r() * 1e8)
    .toString()
    .padStart(8, '0')}${DOC_LETTERS[Math.floor(r() * DOC_LETTERS.length)]}`;
  const values: Record<Slot, string> = {
    sid: v.sid,
    eid: v.eid,
    shared: TPL_SHARED,
    num: `"session_number":${v.num}`,
    ts: String(v.ts),
    vendor: v.vendor,
    first,
    last,
    doc,
    iso: isoMicro(v.createdMs),
    company,
  };
  let out = t.parts[0]!;
  for (let i = 0; i < t.slots.length; i++) out += values[t.slots[i]!] + t.parts[i + 1]!;
  return out;
}

function scriptOf(first: string): Script {
  return NON_LATIN_PEOPLE.find((p) => p.first === first)?.script ?? 'latin';
}

function makeTemplate(i: number, kind: 'user' | 'business', status: string, withDecision: boolean): Template {
  // Its own id per template: the generator derives the person and every random choice from it.
  const TPL_SID = `5e55105e-7e57-4000-8000-${i.toString(16).padStart(12, '0')}`;
  const workflowId =
    kind === 'business' ? WORKFLOWS.kyb : i % 3 === 0 ? WORKFLOWS.kycEnhanced : WORKFLOWS.kyc;
  const decision = withDecision
    ? (generateDecision({
        seed: 8,
        sessionId: TPL_SID,
        sessionNumber: TPL_NUM,
        kind,
        status,
        workflowId,
        vendorData: TPL_VENDOR,
        createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      }) as Record<string, any>)
    : undefined;
  const wire = kind === 'business' ? status.toUpperCase().replace(/ /g, '_') : status;
  const shared = kind === 'user' && i % 33 === 5;
  const envelope: Record<string, PyValue> = {
    event_id: TPL_EID,
    webhook_type: 'status.updated',
    created_at: TPL_TS,
    timestamp: TPL_TS,
    application_id: 'a9b8c7d6-e5f4-4a3b-8c2d-1e0f9a8b7c6d',
    environment: 'live',
    session_id: TPL_SID,
    status: wire,
    workflow_id: workflowId,
    workflow_version: 3,
    vendor_data: TPL_VENDOR,
  };
  if (kind === 'business') {
    envelope.session_kind = 'business';
    envelope.business_session_id = TPL_SID;
  }
  if (shared) {
    envelope.shared_from_session = TPL_SHARED;
    if (decision) decision.shared_from_session = TPL_SHARED;
  }
  if (decision) envelope.decision = decision as PyValue;
  const text = pythonDumps(envelope as PyValue);
  const needles: [string, Slot][] = [
    [TPL_SID, 'sid'],
    [TPL_EID, 'eid'],
    [TPL_SHARED, 'shared'],
    [`"session_number":${TPL_NUM}`, 'num'],
    [String(TPL_TS), 'ts'],
    [TPL_VENDOR, 'vendor'],
  ];
  let script: Script = 'latin';
  if (decision && kind === 'user') {
    const iv = decision.id_verifications?.[0];
    if (iv) {
      script = scriptOf(iv.first_name);
      needles.push([iv.first_name, 'first'], [iv.last_name, 'last'], [iv.document_number, 'doc']);
    }
  }
  if (decision && kind === 'business') {
    const rc = decision.registry_checks?.[0];
    if (rc) needles.push([rc.company_name, 'company'], [rc.registration_number, 'doc']);
  }
  if (decision) needles.push([decision.created_at, 'iso']);
  const { parts, slots } = compile(text, needles);
  const t: Template = {
    kind,
    status,
    script,
    hasDecision: !!decision,
    parts,
    slots,
    base: undefined as never,
  };
  const sample = render(t, {
    sid: 'a0000000-0000-4000-8000-000000000001',
    eid: TPL_EID,
    num: 1,
    ts: 1_780_000_000,
    createdMs: Date.UTC(2026, 0, 1),
    vendor: 'v',
    seed: 1,
  });
  const raw = Buffer.from(sample);
  t.base = eventFromWebhook({
    raw,
    scheme: 'v2',
    body: JSON.parse(sample),
    headerTimestamp: 1_780_000_000,
    receivedAt: new Date(1_780_000_000_000),
  });
  if (t.base.intent !== 'applied')
    throw new Error(`template ${i} would be ${t.base.intent}: ${t.base.applyError}`);
  return t;
}

export interface Corpus {
  templates: Template[];
  /** Templates by status, for the intake's In Progress → decision pairs. */
  pick(i: number): Template;
  inProgress: Template[];
}

/** `count` templates in the seeded status mix; KYB one in five. */
export function buildCorpus(count = 400): Corpus {
  const total = SEED_STATUS_MIX.reduce((s, [, w]) => s + w, 0);
  const templates: Template[] = [];
  for (let i = 0; i < count; i++) {
    let x = (i * 37) % total;
    let status = SEED_STATUS_MIX[0]![0];
    for (const [s, w] of SEED_STATUS_MIX) {
      if (x < w) {
        status = s;
        break;
      }
      x -= w;
    }
    const kind = i % 5 === 2 ? 'business' : 'user';
    const withDecision = ['Approved', 'In Review', 'Declined', 'Abandoned'].includes(status);
    templates.push(makeTemplate(i, kind, status, withDecision));
  }
  const inProgress = [
    makeTemplate(count, 'user', 'In Progress', false),
    makeTemplate(count + 1, 'business', 'In Progress', false),
  ];
  return { templates, pick: (i) => templates[i % templates.length]!, inProgress };
}

/** The event the intake would store for this body (fields that vary per row; the rest is the template's). */
export function eventFor(t: Template, v: RowValues, received: string, receivedAt: Date): EventInput {
  // What the intake stores: Didit's body minus its presigned media links and session_url.
  const body = redactLinksInJson(received);
  const raw = Buffer.from(body);
  return {
    ...t.base,
    eventKey: v.eid,
    eventId: v.eid,
    sessionId: v.sid,
    sessionNumber: v.num,
    vendorData: v.vendor,
    occurredAt: new Date(v.ts * 1000),
    // The tiebreak ends with the event key; what precedes it depends on the template only.
    tiebreak: t.base.tiebreak.slice(0, t.base.tiebreak.length - t.base.eventKey.length) + v.eid,
    receivedAt,
    rawBody: raw,
    payloadJson: body,
    // The payload is the stored bytes' text: the statements send the body once, as for the intake.
    rawText: { bytes: raw, text: body },
    diditCreatedAt: t.hasDecision ? new Date(Math.floor(v.createdMs)) : null,
    // The names and document number are this row's: derived from its own decision, as the intake does.
    decisionColumns: t.base.decisionAt
      ? deriveSessionColumns((JSON.parse(received) as { decision?: unknown }).decision)
      : null,
  };
}

export const newId = () => randomUUID();
