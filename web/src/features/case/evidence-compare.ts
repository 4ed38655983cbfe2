import type { MessageKey } from '../../i18n/catalog.ts';
import { get } from './evidence.ts';

/** Where a value about the person was read: the document's printed text, its chip (MRZ data), a registry. */
const SOURCES = ['ocr', 'chip', 'database'] as const;
type Source = (typeof SOURCES)[number];

export const SOURCE_LABEL = {
  ocr: 'case.compare.source.ocr',
  chip: 'case.compare.source.chip',
  database: 'case.compare.source.database',
} as const satisfies Record<Source, MessageKey>;

type Kind = 'name' | 'date' | 'code';

interface FieldSpec {
  key: string;
  label: MessageKey;
  kind: Kind;
  /** Path of the value in each source's node (OCR: id_verifications[0], chip: nfc_verifications[0]). */
  ocr?: string;
  chip?: string;
  /** In database_validations[0]: the registry's value (`source_data`) and its verdict (`validation`). */
  database?: string;
}

const FIELDS: FieldSpec[] = [
  {
    key: 'first_name',
    label: 'case.compare.field.first_name',
    kind: 'name',
    ocr: 'first_name',
    chip: 'chip_data.name',
  },
  {
    key: 'last_name',
    label: 'case.compare.field.last_name',
    kind: 'name',
    ocr: 'last_name',
    chip: 'chip_data.surname',
  },
  {
    key: 'full_name',
    label: 'case.compare.field.full_name',
    kind: 'name',
    ocr: 'full_name',
    database: 'full_name',
  },
  {
    key: 'date_of_birth',
    label: 'case.compare.field.date_of_birth',
    kind: 'date',
    ocr: 'date_of_birth',
    chip: 'chip_data.birth_date',
    database: 'date_of_birth',
  },
  {
    key: 'document_number',
    label: 'case.compare.field.document_number',
    kind: 'code',
    ocr: 'document_number',
    chip: 'chip_data.document_number',
  },
  {
    key: 'personal_number',
    label: 'case.compare.field.personal_number',
    kind: 'code',
    ocr: 'personal_number',
    database: 'identification_number',
  },
  {
    key: 'expiration_date',
    label: 'case.compare.field.expiration_date',
    kind: 'date',
    ocr: 'expiration_date',
    chip: 'chip_data.expiry_date',
  },
  {
    key: 'nationality',
    label: 'case.compare.field.nationality',
    kind: 'code',
    ocr: 'nationality',
    chip: 'chip_data.nationality',
  },
  { key: 'gender', label: 'case.compare.field.gender', kind: 'code', ocr: 'gender', chip: 'chip_data.sex' },
];

interface CompareCell {
  value: string | null;
  /** This source disagrees with another one, or (database) the registry said it does not match. */
  differs: boolean;
}

interface CompareRow {
  key: string;
  label: MessageKey;
  cells: Record<Source, CompareCell | null>;
  /** The database's own verdict for this field (`full_match`, `partial_match`, `no_match`), when it gave one. */
  verdict: string | null;
  disagree: boolean;
}

export interface Comparison {
  /** The sources the decision carries (a column each). */
  sources: Source[];
  rows: CompareRow[];
}

function first(decision: Record<string, unknown>, array: string): Record<string, unknown> | null {
  const v = decision[array];
  if (!Array.isArray(v)) return null;
  const node = v.find((n) => n !== null && typeof n === 'object' && !Array.isArray(n));
  return (node as Record<string, unknown> | undefined) ?? null;
}

function text(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number') return String(v);
  return null;
}

/** YYMMDD (MRZ) or a date-time to YYYY-MM-DD; an MRZ year above this year's two digits is last century. */
function normalDate(v: string, now: Date): string {
  const mrz = /^(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (mrz) {
    const yy = Number(mrz[1]);
    const century = yy > now.getUTCFullYear() % 100 ? 1900 : 2000;
    return `${century + yy}-${mrz[2]}-${mrz[3]}`;
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})/.exec(v);
  return iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : v;
}

/**
 * The form two readings are compared in: case, accents, MRZ filler `<`, spaces and punctuation do not count
 * (the chip stores `MUELLER<<ANNA`, the print says `Müller Anna`; `ü` and `UE` are not folded, so that
 * transliteration still shows as a difference a person should look at).
 */
export function normalise(kind: Kind, v: string, now = new Date()): string {
  if (kind === 'date') return normalDate(v.trim(), now);
  const folded = v
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[<\s\-'.,]+/g, ' ')
    .trim();
  return kind === 'code' ? folded.replace(/ /g, '') : folded;
}

const MATCH = /^(full_)?match$/i;

/**
 * The identity fields read by the document's OCR, its NFC chip (the MRZ data group) and the database
 * validation, row by row, with each disagreement marked: two sources that read different values, or a
 * database verdict other than a full match. Only fields at least one source has are listed.
 */
export function compareIdentity(decision: Record<string, unknown>, now = new Date()): Comparison {
  const nodes: Record<Source, Record<string, unknown> | null> = {
    ocr: first(decision, 'id_verifications'),
    chip: first(decision, 'nfc_verifications'),
    database: first(decision, 'database_validations'),
  };
  const validation = nodes.database ? first(nodes.database, 'validations') : null;
  const sourceData = (validation?.source_data ?? null) as Record<string, unknown> | null;
  const verdicts = (validation?.validation ?? null) as Record<string, unknown> | null;

  const rows: CompareRow[] = [];
  for (const f of FIELDS) {
    const read: Record<Source, string | null | undefined> = {
      ocr: f.ocr && nodes.ocr ? text(get(nodes.ocr, f.ocr)) : undefined,
      chip: f.chip && nodes.chip ? text(get(nodes.chip, f.chip)) : undefined,
      database: f.database && nodes.database ? text(sourceData?.[f.database]) : undefined,
    };
    const verdict = f.database && verdicts ? text(verdicts[f.database]) : null;
    const present = SOURCES.filter((s) => read[s] !== undefined && read[s] !== null);
    if (present.length === 0 && !verdict) continue;
    const normal = new Map(present.map((s) => [s, normalise(f.kind, read[s] as string, now)]));
    const distinct = new Set(normal.values());
    const verdictBad = verdict !== null && !MATCH.test(verdict);
    const cells = {} as Record<Source, CompareCell | null>;
    for (const s of SOURCES) {
      if (read[s] === undefined) {
        cells[s] = null;
        continue;
      }
      const mine = normal.get(s);
      const othersDiffer = mine !== undefined && [...normal.values()].some((v) => v !== mine);
      cells[s] = { value: read[s] ?? null, differs: othersDiffer || (s === 'database' && verdictBad) };
    }
    rows.push({
      key: f.key,
      label: f.label,
      cells,
      verdict,
      disagree: distinct.size > 1 || verdictBad,
    });
  }
  const sources = SOURCES.filter((s) => nodes[s] !== null && rows.some((r) => r.cells[s] !== null));
  return { sources, rows };
}

/** The three images a reviewer compares face to face, by media key prefix, in this order. */
export const FACE_IMAGES = [
  { prefix: 'portrait-', label: 'case.compare.image.portrait' },
  { prefix: 'face_match_source-', label: 'case.compare.image.selfie' },
  { prefix: 'liveness_reference-', label: 'case.compare.image.liveness' },
] as const satisfies readonly { prefix: string; label: MessageKey }[];

/** Zoom and pan shared by every pane: one state, so the panes stay in step. */
export interface View {
  zoom: number;
  x: number;
  y: number;
}

const MIN_ZOOM = 1;
const MAX_ZOOM = 5;
export const HOME: View = { zoom: 1, x: 0, y: 0 };

/**
 * Keeps a view inside its pane: at zoom z the image is z times the pane, so it may move by at most
 * (z − 1) / 2 of the pane's size each way (`x`, `y` are fractions of the pane, 0 = centred).
 */
export function clampView(v: View): View {
  const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, v.zoom));
  const room = (zoom - 1) / 2;
  const clamp = (n: number) => Math.min(room, Math.max(-room, n));
  return { zoom, x: clamp(v.x), y: clamp(v.y) };
}

export function zoomBy(v: View, factor: number): View {
  return clampView({ ...v, zoom: v.zoom * factor });
}

export function panBy(v: View, dx: number, dy: number): View {
  return clampView({ ...v, x: v.x + dx, y: v.y + dy });
}
