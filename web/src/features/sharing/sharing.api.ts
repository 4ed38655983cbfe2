import { z } from 'zod';
import { request, withQuery } from '../../api/client.ts';
import { type ApiResponse, client } from '../../api/contract.ts';

/* The DTOs are the API's own types (@console/contract); zod here only reads the pages' URL state. */

export type Partner = ApiResponse<'/api/partners', 'get'>['items'][number];

export interface PartnerInput {
  name: string;
  application_id: string;
  contact: string | null;
  default_trust_review: boolean;
  notes: string;
}

export async function fetchPartners(signal?: AbortSignal): Promise<Partner[]> {
  return (await client.get('/api/partners', { signal })).items;
}

export async function createPartner(input: PartnerInput): Promise<Partner> {
  return client.post('/api/partners', { body: input });
}

export async function updatePartner(id: string, input: Partial<PartnerInput>): Promise<Partner> {
  return client.patch('/api/partners/{id}', { path: { id }, body: input });
}

/* ---------- share ---------- */

export const TTL_PRESETS = [
  { label: '1 hour', seconds: 3_600 },
  { label: '6 hours', seconds: 21_600 },
  { label: '24 hours', seconds: 86_400 },
] as const;
export const TTL_MIN = 60;
export const TTL_MAX = 86_400;

export type ShareCreated = ApiResponse<'/api/sessions/{id}/share', 'post'>;

type ShareTarget = { partner_id: string } | { for_application_id: string };

export async function shareSession(
  sessionId: string,
  target: ShareTarget,
  ttlSeconds: number,
): Promise<ShareCreated> {
  return client.post('/api/sessions/{id}/share', {
    path: { id: sessionId },
    body: { ...target, ttl_in_seconds: ttlSeconds },
  });
}

export type ShareLedgerItem = ApiResponse<'/api/shares', 'get'>['items'][number];

export const sharesSearchSchema = z.object({
  session_id: z.string().default(''),
  partner: z.string().default(''),
  cursor: z.string().default(''),
});
type SharesSearch = z.infer<typeof sharesSearchSchema>;

export async function fetchShares(q: SharesSearch, signal?: AbortSignal) {
  return client.get('/api/shares', { query: q, signal });
}

/* ---------- batch ---------- */

export type Batch = ApiResponse<'/api/shares/batch/{id}', 'get'>;
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
  const { batch_key, ...batch } = await client.post('/api/shares/batch', { body: input });
  sessionStorage.setItem(batchKeyItem(batch.id), batch_key);
  return batch;
}

export async function fetchBatch(id: string, signal?: AbortSignal): Promise<Batch> {
  return client.get('/api/shares/batch/{id}', { path: { id }, signal });
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

export type ImportPreview = ApiResponse<'/api/imports/preview', 'post'>;

export async function previewImport(shareToken: string): Promise<ImportPreview> {
  return client.post('/api/imports/preview', { body: { share_token: shareToken } });
}

export type RelianceItem = ApiResponse<'/api/imports', 'get'>['items'][number];
export type Imported = ApiResponse<'/api/imports', 'post'>;

export async function importToken(input: {
  share_token: string;
  workflow_id: string;
  vendor_data?: string;
  trust_review: boolean;
}): Promise<Imported> {
  return client.post('/api/imports', { body: input });
}

export const relianceSearchSchema = z.object({
  partner: z.string().default(''),
  q: z.string().default(''),
  trust_review: z.enum(['', 'true', 'false']).default(''),
  cursor: z.string().default(''),
});
type RelianceSearch = z.infer<typeof relianceSearchSchema>;

export async function fetchReliance(q: RelianceSearch, signal?: AbortSignal) {
  return client.get('/api/imports', { query: q, signal });
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

type PickableSession = ApiResponse<'/api/sessions', 'get'>['items'][number];

/** The kind select: both kinds ('') or one. */
export type SessionKindFilter = '' | PickableSession['session_kind'];

export const SHAREABLE_STATUS_FILTER = 'Approved,Declined,In Review';

export async function fetchShareableSessions(
  q: { status: string; kind: SessionKindFilter; q: string; cursor: string },
  signal?: AbortSignal,
) {
  return client.get('/api/sessions', {
    query: { status: q.status, kind: q.kind, q: q.q, cursor: q.cursor, limit: 100 },
    signal,
  });
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
