/**
 * What the case view shows from Didit's decision JSON (docs/didit.md §4): one section per plural
 * array present, the fields that matter for a decision, and warnings grouped by log_type. Pure functions,
 * no React, so the mapping is readable in one place.
 */
import { featureOfArray, isResubmittableFeature } from '@console/didit/features';
import { diditLabel } from '../../i18n/didit.ts';

export type Node = Record<string, unknown>;

export interface Warning {
  feature: string;
  risk: string;
  logType: 'error' | 'warning' | 'information';
  short: string;
  long: string;
  nodeId: string | null;
}

interface SectionSpec {
  key: string;
  /** Alternative key names Didit has used for the same array. */
  aliases?: string[];
  title: string;
  kind: 'kyc' | 'kyb' | 'both';
  /** Dotted paths into the node, in display order. */
  fields: string[];
  render?: 'aml' | 'questionnaire' | 'reviews' | 'database' | 'lifecycle' | 'generic';
}

const SECTIONS: SectionSpec[] = [
  {
    key: 'id_verifications',
    title: 'ID verification',
    kind: 'kyc',
    fields: [
      'document_type',
      'issuing_state_name',
      'issuing_state',
      'document_number',
      'personal_number',
      'full_name',
      'first_name',
      'last_name',
      'date_of_birth',
      'age',
      'gender',
      'nationality',
      'place_of_birth',
      'date_of_issue',
      'expiration_date',
      'formatted_address',
      'front_image_quality_score.overall_score',
      'back_image_quality_score.overall_score',
    ],
  },
  {
    key: 'nfc_verifications',
    title: 'NFC chip',
    kind: 'kyc',
    fields: [
      'authenticity.dg_integrity',
      'authenticity.sod_integrity',
      'chip_data.name',
      'chip_data.surname',
      'chip_data.document_number',
      'chip_data.birth_date',
      'chip_data.expiry_date',
      'chip_data.nationality',
      'certificate_summary.issuer',
      'certificate_summary.not_valid_after',
    ],
  },
  {
    key: 'liveness_checks',
    title: 'Liveness',
    kind: 'kyc',
    fields: ['method', 'score', 'age_estimation', 'face_quality', 'face_luminance'],
  },
  { key: 'face_matches', title: 'Face match', kind: 'kyc', fields: ['score', 'source_image_session_id'] },
  {
    key: 'poa_verifications',
    aliases: ['proof_of_address'],
    title: 'Proof of address',
    kind: 'kyc',
    fields: [
      'document_type',
      'issuer',
      'issue_date',
      'expiration_date',
      'issuing_state',
      'name_on_document',
      'name_match_score_id_verification',
      'name_match_score_expected_details',
      'poa_formatted_address',
      'poa_address',
      'expected_details_formatted_address',
      'document_language',
    ],
  },
  {
    key: 'phone_verifications',
    title: 'Phone',
    kind: 'both',
    render: 'lifecycle',
    fields: [
      'full_number',
      'country_name',
      'carrier.name',
      'carrier.type',
      'is_disposable',
      'is_virtual',
      'verification_method',
      'verification_attempts',
      'verified_at',
    ],
  },
  {
    key: 'email_verifications',
    title: 'Email',
    kind: 'both',
    render: 'lifecycle',
    fields: [
      'email',
      'is_breached',
      'is_disposable',
      'is_undeliverable',
      'verification_attempts',
      'verified_at',
    ],
  },
  {
    key: 'aml_screenings',
    title: 'AML screening',
    kind: 'both',
    render: 'aml',
    fields: [
      'entity_type',
      'total_hits',
      'score',
      'screened_data.full_name',
      'screened_data.date_of_birth',
      'screened_data.nationality',
      'screened_data.document_number',
      'is_ongoing_monitoring_enabled',
      'ongoing_monitoring_last_check',
    ],
  },
  {
    key: 'ip_analyses',
    title: 'IP analysis',
    kind: 'both',
    fields: [
      'ip_address',
      'ip_country',
      'ip_city',
      'isp',
      'organization',
      'is_vpn_or_tor',
      'is_data_center',
      'device_brand',
      'device_model',
      'os_family',
      'browser_family',
      'platform',
      'ip.distance_from_id_document.distance',
      'ip.distance_from_poa_document.distance',
    ],
  },
  {
    key: 'database_validations',
    title: 'Database validation',
    kind: 'kyc',
    render: 'database',
    fields: ['issuing_state', 'validation_type', 'match_type'],
  },
  {
    key: 'questionnaire_responses',
    aliases: ['questionnaires'],
    title: 'Questionnaire',
    kind: 'both',
    render: 'questionnaire',
    fields: ['title', 'version'],
  },
  { key: 'registry_checks', title: 'Company registry', kind: 'kyb', render: 'generic', fields: [] },
  { key: 'key_people_checks', title: 'Key people', kind: 'kyb', render: 'generic', fields: [] },
  { key: 'document_verifications', title: 'Company documents', kind: 'kyb', render: 'generic', fields: [] },
  { key: 'reviews', title: 'Reviews recorded at Didit', kind: 'both', render: 'reviews', fields: [] },
];

/** Keys that are never shown as fields: media (loaded through the media routes) and structure. */
const HIDDEN =
  /(_image|_video|_url|_file|^url$|^warnings$|^matches$|^hits$|^lifecycle$|^sections$|^raw_results$)/;

/** The list of objects at `node[key]`, or none when Didit sent no list there. */
export function nodesAt(node: Node, key: string): Node[] {
  const v = node[key];
  return Array.isArray(v) ? (v as Node[]) : [];
}

export function get(node: unknown, path: string): unknown {
  let cur: unknown = node;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export interface Section {
  spec: SectionSpec;
  key: string;
  nodes: Node[];
}

/** Every plural array present in the decision, known ones in the documented order, unknown ones after. */
export function sectionsOf(decision: Record<string, unknown>): Section[] {
  const out: Section[] = [];
  const used = new Set<string>();
  for (const spec of SECTIONS) {
    for (const key of [spec.key, ...(spec.aliases ?? [])]) {
      const v = decision[key];
      if (Array.isArray(v) && v.length > 0) {
        out.push({ spec, key, nodes: v.filter(isObject) });
        used.add(key);
        break;
      }
    }
    for (const key of [spec.key, ...(spec.aliases ?? [])]) used.add(key);
  }
  for (const [key, v] of Object.entries(decision)) {
    if (used.has(key) || !Array.isArray(v) || v.length === 0 || !v.every(isObject)) continue;
    out.push({
      spec: { key, title: titleOf(key), kind: 'both', fields: [], render: 'generic' },
      key,
      nodes: v,
    });
  }
  return out;
}

function titleOf(key: string): string {
  const s = key.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isObject(v: unknown): v is Node {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The fields a card shows: the spec's, or for undocumented shapes (KYB) every scalar and one level down. */
export function fieldsOf(spec: SectionSpec, node: Node): [string, unknown][] {
  if (spec.fields.length > 0) {
    return spec.fields.map((f) => [f, get(node, f)] as [string, unknown]).filter(([, v]) => v !== undefined);
  }
  const out: [string, unknown][] = [];
  for (const [k, v] of Object.entries(node)) {
    if (k === 'status' || k === 'node_id' || HIDDEN.test(k)) continue;
    if (isObject(v)) {
      for (const [k2, v2] of Object.entries(v)) {
        if (!HIDDEN.test(k2) && (v2 === null || typeof v2 !== 'object' || isScalarArray(v2)))
          out.push([`${k}.${k2}`, v2]);
      }
    } else if (v === null || typeof v !== 'object' || isScalarArray(v)) {
      out.push([k, v]);
    }
    // Arrays of objects (officers, key people, documents) are shown as tables by subListsOf.
  }
  return out;
}

function isScalarArray(v: unknown): boolean {
  return Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object');
}

export function warningsOf(node: Node): Warning[] {
  const ws = node.warnings;
  if (!Array.isArray(ws)) return [];
  return ws.filter(isObject).map((w) => {
    const t = String(w.log_type ?? 'information').toLowerCase();
    return {
      feature: String(w.feature ?? ''),
      risk: String(w.risk ?? ''),
      logType: t === 'error' ? 'error' : t === 'warning' ? 'warning' : 'information',
      short: String(w.short_description ?? w.risk ?? ''),
      long: String(w.long_description ?? ''),
      nodeId: typeof w.node_id === 'string' ? w.node_id : null,
    };
  });
}

export const LOG_TYPES = ['error', 'warning', 'information'] as const;

export function groupWarnings(ws: Warning[]): Record<(typeof LOG_TYPES)[number], Warning[]> {
  return {
    error: ws.filter((w) => w.logType === 'error'),
    warning: ws.filter((w) => w.logType === 'warning'),
    information: ws.filter((w) => w.logType === 'information'),
  };
}

export interface ResubmittableNode {
  node_id: string;
  feature: string;
  label: string;
  status: string;
}

/** The nodes a reviewer may ask the user to redo: those with a node_id, whose feature Didit resubmits. */
export function resubmittableNodes(decision: Record<string, unknown>): ResubmittableNode[] {
  const out: ResubmittableNode[] = [];
  for (const s of sectionsOf(decision)) {
    const feature = featureOfArray(s.key);
    if (!feature || !isResubmittableFeature(feature)) continue;
    for (const n of s.nodes) {
      if (typeof n.node_id !== 'string' || !n.node_id) continue;
      const warningFeature = warningsOf(n)[0]?.feature;
      out.push({
        node_id: n.node_id,
        feature: warningFeature && s.key !== 'document_verifications' ? warningFeature : feature,
        label: `${diditLabel('check', s.key)} · ${n.node_id}`,
        status: String(n.status ?? ''),
      });
    }
  }
  return out;
}

export interface AmlHit {
  id: string;
  caption: string;
  matchScore: number | null;
  riskScore: number | null;
  datasets: string[];
  reviewStatus: string;
  url: string | null;
  nodeId: string | null;
  countries: string[];
  birthDates: string[];
  /** The hit as Didit sent it, for its detail view. */
  raw: Node;
}

export function amlHitsOf(screening: Node): AmlHit[] {
  const hits = screening.hits;
  if (!Array.isArray(hits)) return [];
  return hits.filter(isObject).map((h, i) => ({
    id: String(h.id ?? i),
    caption: String(h.caption ?? h.target ?? '—'),
    matchScore: typeof h.match_score === 'number' ? h.match_score : null,
    riskScore: typeof h.risk_score === 'number' ? h.risk_score : null,
    datasets: Array.isArray(h.datasets) ? h.datasets.map(String) : [],
    reviewStatus: String(h.review_status ?? 'Unreviewed'),
    url: typeof h.url === 'string' ? h.url : null,
    nodeId: typeof screening.node_id === 'string' ? screening.node_id : null,
    countries: toStrings(get(h, 'properties.country')),
    birthDates: toStrings(get(h, 'properties.birthDate')),
    raw: h,
  }));
}

function toStrings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : [];
}

/** Structure already rendered elsewhere in the card (warnings, AML hits, matches, questionnaire, lifecycle). */
const OWN_LISTS = new Set(['warnings', 'hits', 'matches', 'lifecycle', 'sections', 'validations']);

/** Arrays of objects inside a node (KYB officers, shareholders, key people, documents): one table each. */
export function subListsOf(node: Node): { key: string; rows: Node[] }[] {
  const out: { key: string; rows: Node[] }[] = [];
  for (const [k, v] of Object.entries(node)) {
    if (OWN_LISTS.has(k) || !Array.isArray(v) || v.length === 0 || !v.every(isObject)) continue;
    out.push({ key: k, rows: v.map(visibleFields) });
  }
  return out;
}

/** Drops media URLs (never shown raw: presigned, short-lived) and flattens one level of nesting. */
function visibleFields(row: Node): Node {
  const out: Node = {};
  for (const [k, v] of Object.entries(row)) {
    if (HIDDEN.test(k)) continue;
    if (isObject(v)) {
      for (const [k2, v2] of Object.entries(v)) if (!HIDDEN.test(k2) && !isObject(v2)) out[`${k}.${k2}`] = v2;
    } else out[k] = v;
  }
  return out;
}
