/**
 * One AML hit as a reviewer judges it (docs/didit.md §4.11): who the listed person or company is
 * (position, gender, date of birth, nationality), where they are listed (datasets, PEP lists, source links),
 * how strongly they match and since when the list has them. Pure functions, no React.
 */
import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { formatValue } from '../../lib/format.ts';

type Obj = Record<string, unknown>;

export interface HitField {
  /** The catalog id of the field's name (the component translates it). */
  label: MessageKey;
  value: string;
}

interface HitLink {
  label: string;
  href: string;
}

interface PepMatch {
  position: string;
  list: string;
  publisher: string;
  description: string;
  matchedName: string;
  dateOfBirth: string;
  placeOfBirth: string;
  source: string | null;
}

interface HitDetail {
  title: string;
  fields: HitField[];
  links: HitLink[];
  pep: PepMatch[];
  /** Didit's risk view: crimes, countries, categories, each with a level and score. */
  risk: HitField[];
  /** How the match score was made (name, date of birth, country, document number). */
  breakdown: HitField[];
}

const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

function strings(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined && x !== '').map(String);
  if (v === null || v === undefined || v === '') return [];
  return [String(v)];
}

/** Only http(s) links are offered: a list's URL comes from outside and must not run script. */
export function safeHref(v: unknown): string | null {
  if (typeof v !== 'string') return null;
  try {
    const u = new URL(v);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.toString() : null;
  } catch {
    return null;
  }
}

/** A date or instant as Didit sent it, shown as a plain date. */
function day(v: unknown): string {
  if (typeof v !== 'string' || v === '') return '—';
  return /^\d{4}-\d{2}-\d{2}/.test(v) ? v.slice(0, 10) : v;
}

function join(vs: string[]): string {
  return vs.length ? [...new Set(vs)].join(', ') : '—';
}

const RISK_PARTS = [
  ['crimes', 'case.aml.risk.crimes'],
  ['countries', 'case.aml.risk.countries'],
  ['categories', 'case.aml.risk.categories'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** Didit's score fields, their contribution in points, and the part of the match they rate. */
const BREAKDOWN_PARTS = [
  ['name_score', 'name_contribution', 'case.aml.breakdown.name'],
  ['dob_score', 'dob_contribution', 'case.aml.breakdown.date_of_birth'],
  ['country_score', 'country_contribution', 'case.aml.breakdown.country'],
] as const satisfies readonly (readonly [string, string, MessageKey])[];

export function amlHitDetail(hit: Obj): HitDetail {
  const p = isObj(hit.properties) ? hit.properties : {};
  const peps = (Array.isArray(hit.pep_matches) ? hit.pep_matches : []).filter(isObj).map(
    (m): PepMatch => ({
      position: formatValue(m.pep_position),
      list: formatValue(m.list_name),
      publisher: formatValue(m.publisher),
      description: formatValue(m.description),
      matchedName: formatValue(m.matched_name),
      dateOfBirth: day(m.date_of_birth),
      placeOfBirth: formatValue(m.place_of_birth),
      source: safeHref(m.source_url),
    }),
  );
  const positions = [...strings(p.position), ...peps.map((m) => m.position).filter((x) => x !== '—')];
  const fields: HitField[] = [
    { label: 'case.aml.field.name_on_list', value: formatValue(hit.caption ?? hit.target) },
    { label: 'case.aml.field.aliases', value: join(strings(p.alias)) },
    { label: 'case.aml.field.position', value: join(positions) },
    { label: 'case.aml.field.gender', value: join(strings(p.gender)) },
    { label: 'case.aml.field.date_of_birth', value: join(strings(p.birthDate).map(day)) },
    { label: 'case.aml.field.place_of_birth', value: join(strings(p.birthPlace)) },
    { label: 'case.aml.field.nationality', value: join(strings(p.nationality).map((c) => c.toUpperCase())) },
    { label: 'case.aml.field.countries', value: join(strings(p.country).map((c) => c.toUpperCase())) },
    {
      label: 'case.aml.field.datasets',
      value: join(strings(hit.datasets).map((d) => diditLabel('dataset', d))),
    },
    { label: 'case.aml.field.topics', value: join(strings(p.topics)) },
    { label: 'case.aml.field.pep_level', value: pepLevel(hit, peps) },
    { label: 'case.aml.field.match_score', value: formatValue(hit.match_score) },
    { label: 'case.aml.field.risk_score', value: formatValue(hit.risk_score) },
    { label: 'case.aml.field.name_similarity', value: formatValue(hit.score) },
    { label: 'case.aml.field.first_seen', value: day(hit.first_seen) },
    { label: 'case.aml.field.last_seen', value: day(hit.last_seen) },
    { label: 'case.aml.field.modified', value: day(p.modifiedAt) },
    { label: 'case.aml.field.rca_name', value: formatValue(hit.rca_name) },
    {
      label: 'case.aml.field.flags',
      value: join(strings(isObj(hit.additional_information) ? hit.additional_information.flag_summary : [])),
    },
  ];
  const links: HitLink[] = [];
  const entry = safeHref(hit.url);
  if (entry) links.push({ label: translate('case.aml.link.entry'), href: entry });
  for (const m of peps) if (m.source) links.push({ label: `${m.list} (${m.publisher})`, href: m.source });
  for (const w of strings(p.website)) {
    const href = safeHref(w);
    if (href) links.push({ label: translate('case.aml.link.website'), href });
  }
  const rv = isObj(hit.risk_view) ? hit.risk_view : {};
  const risk: HitField[] = RISK_PARTS.flatMap(([k, label]) => {
    const part = rv[k];
    if (!isObj(part)) return [];
    const value = translate('case.aml.risk_value', {
      level: formatValue(part.risk_level),
      score: formatValue(part.score),
    });
    return [{ label, value }];
  });
  const sb = isObj(hit.score_breakdown) ? hit.score_breakdown : {};
  const breakdown: HitField[] = BREAKDOWN_PARTS.filter(([s]) => sb[s] !== undefined).map(([s, c, label]) => ({
    label,
    value: translate('case.aml.points', { score: formatValue(sb[s]), points: formatValue(sb[c]) }),
  }));
  if (sb.document_number_match_type !== undefined)
    breakdown.push({
      label: 'case.aml.breakdown.document_number',
      value: formatValue(sb.document_number_match_type),
    });
  return {
    title: formatValue(hit.caption ?? hit.target),
    fields,
    links,
    pep: peps,
    risk,
    breakdown,
  };
}

/**
 * Didit has no PEP level field: a hit on a PEP dataset is a PEP, and its level is what the risk view's
 * category rates it. Not a PEP: "Not a PEP".
 */
function pepLevel(hit: Obj, peps: PepMatch[]): string {
  const datasets = strings(hit.datasets).map((d) => d.toUpperCase());
  const topics = strings(isObj(hit.properties) ? hit.properties.topics : []);
  const isPep = peps.length > 0 || datasets.includes('PEP') || topics.some((t) => t.startsWith('role.pep'));
  if (!isPep) return translate('case.aml.pep.none');
  const rv = isObj(hit.risk_view) && isObj(hit.risk_view.categories) ? hit.risk_view.categories : null;
  const level = rv && typeof rv.risk_level === 'string' ? rv.risk_level : null;
  return level ? translate('case.aml.pep.level', { level }) : translate('case.aml.pep.yes');
}

/** Hits still waiting for a reviewer: no status or Unreviewed. */
export function isOpenHit(reviewStatus: string | null | undefined): boolean {
  return !reviewStatus || reviewStatus === 'Unreviewed';
}
