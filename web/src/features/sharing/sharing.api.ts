import { z } from 'zod';
import { api, request, withQuery } from '../../api/client.ts';

/* DTOs of api/src/sharing/*.routes.ts, parsed at the boundary. */

const partnerRef = z.object({ id: z.string(), name: z.string() }).nullable();
const person = z.object({
  id: z.string().nullable(),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const partnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  application_id: z.string(),
  contact: z.string().nullable(),
  default_trust_review: z.boolean(),
  notes: z.string(),
  shares: z.number(),
  imports: z.number(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Partner = z.infer<typeof partnerSchema>;

export interface PartnerInput {
  name: string;
  application_id: string;
  contact: string | null;
  default_trust_review: boolean;
  notes: string;
}

export async function fetchPartners(signal?: AbortSignal): Promise<Partner[]> {
  const body = z
    .object({ items: z.array(partnerSchema) })
    .parse(await api.get('/api/partners', undefined, signal));
  return body.items;
}

export async function createPartner(input: PartnerInput): Promise<Partner> {
  return partnerSchema.parse(await api.post('/api/partners', input));
}

export async function updatePartner(id: string, input: Partial<PartnerInput>): Promise<Partner> {
  return partnerSchema.parse(await api.patch(`/api/partners/${encodeURIComponent(id)}`, input));
}

/* ---------- share ---------- */

export const TTL_PRESETS = [
  { label: '1 hour', seconds: 3_600 },
  { label: '6 hours', seconds: 21_600 },
  { label: '24 hours', seconds: 86_400 },
] as const;
export const TTL_MIN = 60;
export const TTL_MAX = 86_400;

const shareCreatedSchema = z.object({
  share_token: z.string(),
  for_application_id: z.string(),
  session_kind: z.enum(['user', 'business']),
  expires_at: z.string(),
  share_id: z.string(),
  token_sha256: z.string(),
  partner: partnerRef,
});
export type ShareCreated = z.infer<typeof shareCreatedSchema>;

export type ShareTarget = { partner_id: string } | { for_application_id: string };

export async function shareSession(
  sessionId: string,
  target: ShareTarget,
  ttlSeconds: number,
): Promise<ShareCreated> {
  return shareCreatedSchema.parse(
    await api.post(`/api/sessions/${encodeURIComponent(sessionId)}/share`, {
      ...target,
      ttl_in_seconds: ttlSeconds,
    }),
  );
}

const shareLedgerItemSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  session_kind: z.enum(['user', 'business']),
  partner: partnerRef,
  for_application_id: z.string(),
  from_application_id: z.string().nullable(),
  batch_id: z.string().nullable(),
  ttl_seconds: z.number(),
  created_at: z.string(),
  created_by: person,
  expires_at: z.string(),
  state: z.enum(['active', 'expired']),
  token_sha256: z.string(),
});
export type ShareLedgerItem = z.infer<typeof shareLedgerItemSchema>;

export const sharesSearchSchema = z.object({
  session_id: z.string().default(''),
  partner: z.string().default(''),
  cursor: z.string().default(''),
});
export type SharesSearch = z.infer<typeof sharesSearchSchema>;

export async function fetchShares(q: SharesSearch, signal?: AbortSignal) {
  return z
    .object({ items: z.array(shareLedgerItemSchema), next_cursor: z.string().nullable() })
    .parse(await api.get('/api/shares', q, signal));
}

/* ---------- batch ---------- */

const batchSchema = z.object({
  id: z.string(),
  status: z.enum(['running', 'finished', 'interrupted']),
  partner: partnerRef,
  for_application_id: z.string(),
  ttl_seconds: z.number(),
  total: z.number(),
  done: z.number(),
  failed: z.number(),
  shared: z.number(),
  tokens: z.enum(['pending', 'available', 'downloaded', 'none', 'lost']),
  created_at: z.string(),
  finished_at: z.string().nullable(),
  tokens_downloaded_at: z.string().nullable(),
  items: z.array(
    z.object({
      row: z.number(),
      session_id: z.string().nullable(),
      vendor_data: z.string().nullable(),
      status: z.enum(['pending', 'shared', 'failed']),
      error_code: z.string().nullable(),
      error_message: z.string().nullable(),
    }),
  ),
});
export type Batch = z.infer<typeof batchSchema>;
export const MAX_BATCH = 500;

/**
 * The key that opens a batch's tokens comes once, in the answer to the start, and the console keeps no copy
 * (docs/replicas.md). This tab keeps it (sessionStorage: it survives a reload, not the tab) until the download.
 */
const batchKeyItem = (id: string) => `batch-key:${id}`;

export function hasBatchKey(id: string): boolean {
  try {
    return sessionStorage.getItem(batchKeyItem(id)) !== null;
  } catch {
    return false;
  }
}

export async function startBatch(input: {
  partner_id: string;
  ttl_in_seconds: number;
  session_ids?: string[];
  vendor_data?: string[];
}): Promise<Batch> {
  const body = await api.post<unknown>('/api/shares/batch', input);
  const batch = batchSchema.parse(body);
  const key = z.object({ batch_key: z.string() }).parse(body).batch_key;
  sessionStorage.setItem(batchKeyItem(batch.id), key);
  return batch;
}

export async function fetchBatch(id: string, signal?: AbortSignal): Promise<Batch> {
  return batchSchema.parse(await api.get(`/api/shares/batch/${encodeURIComponent(id)}`, undefined, signal));
}

/** The one download: fetched (so an error shows as a message, not a broken file), then saved by the browser. */
export async function downloadBatchTokens(id: string): Promise<{ filename: string; csv: string }> {
  const key = sessionStorage.getItem(batchKeyItem(id)) ?? '';
  const res = await request<Response>('GET', `/api/shares/batch/${encodeURIComponent(id)}/tokens.csv`, {
    raw: true,
    headers: { 'X-Batch-Key': key },
  });
  const csv = await res.text();
  sessionStorage.removeItem(batchKeyItem(id));
  return { filename: `share-tokens-${id}.csv`, csv };
}

/**
 * vendor_data values from a pasted or uploaded CSV: the column named vendor_data when there is a header
 * row, else the first column. Quotes are honoured; blank lines and duplicates are dropped.
 */
export function parseVendorDataCsv(text: string): string[] {
  const rows = text
    .split(/\r?\n/)
    .map((line) => splitCsvLine(line))
    .filter((cells) => cells.some((c) => c.trim() !== ''));
  if (rows.length === 0) return [];
  const header = rows[0]!.map((c) => c.trim().toLowerCase());
  let column = header.indexOf('vendor_data');
  let body = rows;
  if (column >= 0) body = rows.slice(1);
  else column = 0;
  const out: string[] = [];
  const seen = new Set<string>();
  for (const cells of body) {
    const v = (cells[column] ?? '').trim();
    if (v && !seen.has(v)) {
      seen.add(v);
      out.push(v);
    }
  }
  return out;
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',' || ch === ';' || ch === '\t') {
      cells.push(cur);
      cur = '';
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/* ---------- import ---------- */

const previewSchema = z.object({
  session_kind: z.enum(['user', 'business']),
  source_session_id: z.string(),
  source_application_id: z.string().nullable(),
  partner: z.object({ id: z.string(), name: z.string(), default_trust_review: z.boolean() }).nullable(),
  for_application_id: z.string().nullable(),
  our_application_id: z.string().nullable(),
  issued_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  seconds_left: z.number().nullable(),
  token_sha256: z.string(),
  already_imported: z
    .object({
      import_id: z.string(),
      session_id: z.string(),
      imported_at: z.string(),
      imported_by: z.string().nullable(),
    })
    .nullable(),
  suggested_trust_review: z.boolean(),
  workflows: z.array(
    z.object({
      label: z.string(),
      workflow_id: z.string(),
      session_kind: z.enum(['user', 'business']).nullable(),
    }),
  ),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export async function previewImport(shareToken: string): Promise<ImportPreview> {
  return previewSchema.parse(await api.post('/api/imports/preview', { share_token: shareToken }));
}

const relianceItemSchema = z.object({
  id: z.string(),
  session_id: z.string(),
  session_kind: z.enum(['user', 'business']),
  vendor_data: z.string().nullable(),
  partner: partnerRef,
  source_application_id: z.string().nullable(),
  source_session_id: z.string().nullable(),
  source_session_local: z.boolean(),
  trust_review: z.boolean(),
  workflow_id: z.string(),
  source_status: z.string().nullable(),
  landed_status: z.string(),
  current_status: z.string().nullable(),
  latest_review: z
    .object({ new_status: z.string(), state: z.string(), at: z.string(), by_name: z.string().nullable() })
    .nullable(),
  token_sha256: z.string(),
  imported_by: person,
  imported_at: z.string(),
});
export type RelianceItem = z.infer<typeof relianceItemSchema>;

const importedSchema = z.object({
  session: z.object({
    session_id: z.string(),
    session_kind: z.enum(['user', 'business']),
    status: z.string().nullable(),
    vendor_data: z.string().nullable(),
    shared_from_session: z.string().nullable(),
  }),
  import: relianceItemSchema,
});
export type Imported = z.infer<typeof importedSchema>;

export async function importToken(input: {
  share_token: string;
  workflow_id: string;
  vendor_data?: string;
  trust_review: boolean;
}): Promise<Imported> {
  return importedSchema.parse(await api.post('/api/imports', input));
}

export const relianceSearchSchema = z.object({
  partner: z.string().default(''),
  q: z.string().default(''),
  trust_review: z.enum(['', 'true', 'false']).default(''),
  cursor: z.string().default(''),
});
export type RelianceSearch = z.infer<typeof relianceSearchSchema>;

export async function fetchReliance(q: RelianceSearch, signal?: AbortSignal) {
  return z
    .object({ items: z.array(relianceItemSchema), next_cursor: z.string().nullable() })
    .parse(await api.get('/api/imports', q, signal));
}

export function relianceCsvUrl(q: RelianceSearch): string {
  return withQuery('/api/imports', {
    partner: q.partner,
    q: q.q,
    trust_review: q.trust_review,
    format: 'csv',
  });
}

/* ---------- sessions to pick for a batch (the sessions feature's list) ---------- */

const pickSchema = z.object({
  items: z.array(
    z.looseObject({
      session_id: z.string(),
      session_kind: z.string().nullish(),
      status: z.string().nullish(),
      vendor_data: z.string().nullish(),
      full_name: z.string().nullish(),
      created_at: z.string().nullish(),
    }),
  ),
  next_cursor: z.string().nullable().optional(),
});
export type PickableSession = z.infer<typeof pickSchema>['items'][number];

export const SHAREABLE_STATUS_FILTER = 'Approved,Declined,In Review';

export async function fetchShareableSessions(
  q: { status: string; kind: string; q: string; cursor: string },
  signal?: AbortSignal,
) {
  return pickSchema.parse(
    await api.get(
      '/api/sessions',
      { status: q.status, kind: q.kind, q: q.q, cursor: q.cursor, limit: 100 },
      signal,
    ),
  );
}

/** Saves text as a file the browser downloads; nothing is kept in the page afterwards. */
export function saveFile(filename: string, text: string, type = 'text/csv'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
