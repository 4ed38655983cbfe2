import type { PyValue } from '@console/didit/python-json';
import { Hono } from 'hono';
import { appOf, type Core, type SandboxEnv } from './core.ts';
import type { Obj } from './generator-context.ts';
import { fieldError, pyJson, requestOrigin } from './http.ts';
import { parseStatus, type SessionStatus, wireStatus } from './statuses.ts';
import type { SessionRecord } from './store.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 1000;
/** [D:list.md]: the KYB side's `count` is capped at 100 (iterate with `next`). */
const KYB_COUNT_CAP = 100;
const DOC_CODES: Record<string, string> = {
  Passport: 'P',
  'Identity Card': 'ID',
  "Driver's License": 'DL',
  'Residence Permit': 'RP',
};
const ROW_FEATURES: [string, string][] = [
  ['id_verifications', 'ID_VERIFICATION'],
  ['nfc_verifications', 'NFC'],
  ['liveness_checks', 'LIVENESS'],
  ['face_matches', 'FACE_MATCH'],
  ['poa_verifications', 'POA'],
  ['phone_verifications', 'PHONE'],
  ['email_verifications', 'EMAIL_VERIFICATION'],
  ['database_validations', 'DATABASE_VALIDATION'],
  ['aml_screenings', 'AML'],
  ['ip_analyses', 'IP_ANALYSIS'],
  ['questionnaire_responses', 'QUESTIONNAIRE'],
];

const first = (v: PyValue | undefined): Obj | undefined =>
  Array.isArray(v) ? (v[0] as Obj | undefined) : undefined;

function kycRow(rec: SessionRecord): Obj {
  const d = rec.decision;
  const idv = first(d.id_verifications);
  const phone = first(d.phone_verifications);
  const email = first(d.email_verifications);
  const features: Obj[] = [];
  for (const [key, feature] of ROW_FEATURES) {
    const item = first(d[key]);
    if (item) features.push({ feature, status: item.status ?? null });
  }
  return {
    session_id: rec.id,
    session_kind: 'user',
    session_number: rec.number,
    session_url: d.session_url ?? null,
    portrait_image: idv?.portrait_image ?? null,
    document_type: idv ? (DOC_CODES[String(idv.document_type)] ?? null) : null,
    full_name: idv?.full_name ?? null,
    country: idv?.issuing_state ?? null,
    status: wireStatus(rec, rec.status),
    vendor_data: rec.vendorData,
    created_at: d.created_at ?? null,
    features,
    phone_number: phone
      ? { number: phone.full_number ?? null, is_verified: phone.status === 'Approved' }
      : null,
    email_address: email ? { email: email.email ?? null, is_verified: email.status === 'Approved' } : null,
  };
}

function kybRow(rec: SessionRecord): Obj {
  const reg = first(rec.decision.registry_checks);
  return {
    session_id: rec.id,
    session_kind: 'business',
    session_number: rec.number,
    status: wireStatus(rec, rec.status),
    vendor_data: rec.vendorData,
    created_at: rec.decision.created_at ?? null,
    workflow_type: 'KYB',
    workflow_label: rec.workflow.label,
    company_name: reg?.company_name ?? null,
    registration_number: reg?.registration_number ?? null,
    country: reg?.jurisdiction ?? null,
  };
}

function searchText(row: Obj, rec: SessionRecord): string {
  const parts = [rec.vendorData, row.full_name, row.company_name, row.registration_number];
  const idv = first(rec.decision.id_verifications);
  if (idv) parts.push(idv.document_number);
  const phone = row.phone_number as Obj | null | undefined;
  const email = row.email_address as Obj | null | undefined;
  if (phone) parts.push(phone.number);
  if (email) parts.push(email.email);
  return parts
    .filter((p) => typeof p === 'string')
    .join('\n')
    .normalize('NFKC')
    .toLocaleLowerCase();
}

function parseInt0(v: string | undefined, fallback: number): number {
  if (v === undefined || !/^\d+$/.test(v)) return fallback;
  return Number(v);
}

function parseDate(field: string, v: string | undefined, endOfDay: boolean): number | undefined {
  if (v === undefined || v === '') return undefined;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(v);
  const t = Date.parse(dateOnly ? `${v}T00:00:00Z` : v);
  if (Number.isNaN(t)) throw fieldError(field, 'Enter a valid date/time.');
  return dateOnly && endOfDay ? t + 86_400_000 - 1 : t;
}

/** `GET /v3/sessions/` (docs/didit.md §2.3): limit/offset, filters ANDed, newest first, absolute next/previous. */
export function listRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  r.get('/v3/sessions/', (c) => {
    const app = appOf(c);
    const q = c.req.query();
    const kind = q.session_kind ?? 'user';
    if (!['user', 'business', 'all'].includes(kind)) {
      throw fieldError('session_kind', `"${kind}" is not a valid choice.`);
    }
    let status: SessionStatus | undefined;
    if (q.status) {
      status = parseStatus(q.status);
      if (!status)
        throw fieldError('status', `Select a valid choice. ${q.status} is not one of the available choices.`);
    }
    const from = parseDate('date_from', q.date_from, false);
    const to = parseDate('date_to', q.date_to, true);
    const limit = Math.min(Math.max(parseInt0(q.limit, DEFAULT_LIMIT), 1), MAX_LIMIT);
    const offset = parseInt0(q.offset, 0);
    const needle = q.search?.normalize('NFKC').toLocaleLowerCase();

    const rows = (k: 'user' | 'business'): Obj[] => {
      const out: { n: number; row: Obj }[] = [];
      for (const rec of core.store.sessions.values()) {
        if (rec.app !== app || rec.deleted || rec.kind !== k) continue;
        if (q.vendor_data !== undefined && rec.vendorData !== q.vendor_data) continue;
        if (status && rec.status !== status) continue;
        if (q.workflow_id && rec.workflow.workflow_id !== q.workflow_id.toLowerCase()) continue;
        const t = rec.createdAt.getTime();
        if ((from !== undefined && t < from) || (to !== undefined && t > to)) continue;
        const row = k === 'user' ? kycRow(rec) : kybRow(rec);
        if (q.country) {
          const reg = first(rec.decision.registry_checks);
          const codes = [row.country, reg?.country_code].filter((x) => typeof x === 'string') as string[];
          if (!codes.some((code) => code.toUpperCase() === q.country!.toUpperCase())) continue;
        }
        if (needle && !searchText(row, rec).includes(needle)) continue;
        out.push({ n: rec.number, row });
      }
      return out.sort((a, b) => b.n - a.n).map((x) => x.row);
    };

    const link = (count: number, dir: 'next' | 'previous'): string | null => {
      const url = new URL(c.req.url);
      url.searchParams.set('limit', String(limit));
      if (dir === 'next') {
        if (offset + limit >= count) return null;
        url.searchParams.set('offset', String(offset + limit));
      } else {
        if (offset <= 0) return null;
        if (offset - limit <= 0) url.searchParams.delete('offset');
        else url.searchParams.set('offset', String(offset - limit));
      }
      return `${requestOrigin(c)}${url.pathname}${url.search}`;
    };

    const kyc = kind === 'business' ? [] : rows('user');
    const kyb = kind === 'user' ? [] : rows('business');
    const lead = kind === 'business' ? kyb : kyc;
    const count = kyc.length + Math.min(kyb.length, KYB_COUNT_CAP);
    const page = [...kyc.slice(offset, offset + limit), ...kyb.slice(offset, offset + limit)];
    return pyJson(
      c,
      200,
      { count, next: link(lead.length, 'next'), previous: link(lead.length, 'previous'), results: page },
      core.signer(requestOrigin(c)),
    );
  });

  return r;
}
