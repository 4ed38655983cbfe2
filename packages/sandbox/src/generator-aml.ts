import type { PyValue } from '@console/didit/python-json';
import type { AmlReviewStatus } from '@console/didit/types';
import { f, type GenContext, isoDate, isoMicro, type Obj, score } from './generator-context.ts';
import { AML_DATASETS, PEP_POSITIONS } from './generator-data.ts';
import type { FeatureStatus } from './statuses.ts';

/** `aml_screenings[]` items and hits (docs/didit.md §4.11), for a person (KYC, key people) or a company (KYB). */

export type AmlOutcome = 'clear' | 'false_positive' | 'review' | 'decline';

export interface AmlSubject {
  entityType: 'person' | 'company';
  name: string;
  dob: string | null;
  country: string;
  documentNumber: string | null;
  nodeId: string;
}

function riskView(ctx: GenContext, high: boolean): Obj {
  const r = ctx.rng;
  const part = (level: string) => ({
    score: score(r, high ? 60 : 5, high ? 95 : 30),
    weightage: f(r.pick([20, 30, 50])),
    risk_level: level,
    risk_scores: {},
  });
  return {
    crimes: part(high ? 'High' : 'Low'),
    countries: part(high ? 'Medium' : 'Low'),
    categories: part(high ? 'High' : 'Low'),
    custom_list: {},
  };
}

function hit(ctx: GenContext, subject: AmlSubject, outcome: AmlOutcome, reviewStatus: AmlReviewStatus): Obj {
  const r = ctx.rng;
  const strong = outcome === 'review' || outcome === 'decline';
  const matchScore = strong ? score(r, 93, 100) : score(r, 55, 90);
  const riskScore =
    outcome === 'decline' ? score(r, 101, 160) : outcome === 'review' ? score(r, 81, 100) : score(r, 10, 60);
  const datasets = subject.entityType === 'company' ? ['Sanctions'] : [...r.pick(AML_DATASETS)];
  const person = subject.entityType === 'person';
  const name = strong
    ? subject.name
    : `${subject.name.split(' ')[0]} ${r.pick(['Ortega', 'Ivanov', 'Haddad', 'Tanaka'])}`;
  const nameScore = matchScore.value / 100;
  return {
    id: r.uuid(),
    url: `https://www.opensanctions.org/entities/${r.token(12)}/`,
    match: strong,
    score: f(Math.round(nameScore * 100) / 100),
    target: true,
    caption: name,
    datasets,
    features: {},
    rca_name: '',
    first_seen: isoMicro(ctx.t0 - 800 * 86_400_000, r),
    last_seen: isoMicro(ctx.t0 - 3 * 86_400_000, r),
    match_score: matchScore,
    risk_score: riskScore,
    review_status: reviewStatus,
    risk_view: riskView(ctx, strong),
    properties: {
      name: [name],
      alias: [],
      notes: [],
      title: [],
      gender: person ? [r.pick(['male', 'female'])] : [],
      height: null,
      topics: datasets.includes('PEP') ? ['role.pep'] : ['sanction'],
      weight: null,
      address: null,
      country: [subject.country.toLowerCase()],
      website: null,
      eyeColor: null,
      keywords: null,
      lastName: person ? [name.split(' ').slice(1).join(' ')] : [],
      position: person && datasets.includes('PEP') ? [r.pick(PEP_POSITIONS)] : [],
      religion: null,
      birthDate:
        person && subject.dob
          ? [strong ? subject.dob : isoDate(Date.parse(subject.dob) - 400 * 86_400_000)]
          : [],
      education: [],
      ethnicity: null,
      firstName: person ? [name.split(' ')[0]!] : [],
      hairColor: null,
      weakAlias: null,
      birthPlace: [],
      modifiedAt: isoDate(ctx.t0 - 30 * 86_400_000),
      wikidataId: null,
      citizenship: null,
      nationality: person ? [subject.country.toLowerCase()] : [],
    },
    score_breakdown: {
      name_score: f(nameScore),
      name_weight: f(60),
      name_weight_normalized: f(0.6),
      name_contribution: f(Math.round(nameScore * 60 * 100) / 100),
      dob_score: f(strong ? 1 : 0.2),
      dob_weight: f(25),
      dob_weight_normalized: f(0.25),
      dob_contribution: f(strong ? 25 : 5),
      country_score: f(1),
      country_weight: f(15),
      country_weight_normalized: f(0.15),
      country_contribution: f(15),
      document_number_match_type: 'NEUTRAL',
      document_number_effect: f(0),
      total_score: matchScore,
    },
    pep_matches: datasets.includes('PEP')
      ? [
          {
            aliases: [],
            education: [],
            list_name: 'Every Politician',
            publisher: 'OpenSanctions',
            source_url: 'https://www.opensanctions.org/datasets/peps/',
            description: 'Politically exposed person',
            matched_name: name,
            pep_position: r.pick(PEP_POSITIONS),
            date_of_birth: subject.dob,
            other_sources: [],
            place_of_birth: null,
          },
        ]
      : [],
    sanction_matches: [],
    warning_matches: [],
    adverse_media_matches: [],
    adverse_media_details: null,
    linked_entities: [],
    additional_information: { flag_summary: datasets },
  };
}

export function amlScreening(
  ctx: GenContext,
  subject: AmlSubject,
  status: FeatureStatus,
  outcome: AmlOutcome,
  warnings: PyValue[],
): Obj {
  const r = ctx.rng;
  const count = outcome === 'clear' ? 0 : r.int(1, outcome === 'false_positive' ? 2 : 3);
  const hits: Obj[] = [];
  for (let i = 0; i < count; i++) {
    // Hits below the match threshold are auto-dispositioned; strong ones wait for a reviewer.
    const review: AmlReviewStatus = outcome === 'false_positive' ? 'False Positive' : 'Unreviewed';
    hits.push(hit(ctx, subject, outcome, review));
  }
  const live = hits.filter((h) => h.review_status !== 'False Positive');
  const aggregate = live.reduce((m, h) => Math.max(m, (h.risk_score as { value: number }).value), 0);
  return {
    status,
    node_id: subject.nodeId,
    entity_type: subject.entityType,
    total_hits: hits.length,
    score: f(aggregate),
    screened_data:
      subject.entityType === 'person'
        ? {
            full_name: subject.name,
            date_of_birth: subject.dob,
            nationality: subject.country,
            document_number: subject.documentNumber,
          }
        : {
            company_name: subject.name,
            registration_number: subject.documentNumber,
            country: subject.country,
          },
    is_ongoing_monitoring_enabled: r.chance(0.5),
    next_ongoing_monitoring_bill_date: isoDate(ctx.t0 + 30 * 86_400_000),
    ongoing_monitoring_last_check: isoMicro(ctx.t0 + 120_000, r),
    hits,
    warnings,
  };
}
