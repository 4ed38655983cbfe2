import { type AmlSubject, amlScreening } from './generator-aml.ts';
import { type GenContext, isoMicro, makePerson, type Obj } from './generator-context.ts';
import { documentVerification, keyPeopleCheck, makeCompany, registryCheck } from './generator-kyb.ts';
import {
  databaseValidation,
  faceMatch,
  idVerification,
  livenessCheck,
  nfcVerification,
  poaVerification,
} from './generator-kyc.ts';
import { amlOutcome, outcomeFor, Plan, planOutcome, type Stage, stageOf } from './generator-plan.ts';
import {
  emailVerification,
  ipAnalysis,
  phoneVerification,
  questionnaireResponse,
} from './generator-shared.ts';
import {
  DEFAULT_MEDIA_ORIGIN,
  DEFAULT_MEDIA_SECRET,
  MEDIA_TTL_SECONDS,
  type MediaSigner,
  mediaUrlFactory,
} from './media.ts';
import { Rng } from './rng.ts';
import { parseStatus, type Scenario, type SessionKind, wireStatus } from './statuses.ts';

export type Decision = Obj;

interface GenerateDecisionOptions {
  /** A stream to draw from; otherwise one is derived from `seed` (default 1) and the session id. */
  rng?: Rng;
  seed?: number;
  sessionId: string;
  sessionNumber: number;
  kind: SessionKind;
  /** Session status in either casing; the decision carries the kind's casing. */
  status: string;
  workflowId: string;
  vendorData?: string | null;
  /** Picks the story behind the status; derived from the status when absent. */
  scenario?: Scenario;
  createdAt?: Date;
  sessionUrl?: string;
  media?: MediaSigner;
}

/** Plural arrays of docs/didit.md §4.1, per kind, in the order Didit lists them. */
export const KYC_ARRAYS = [
  'id_verifications',
  'nfc_verifications',
  'liveness_checks',
  'face_matches',
  'poa_verifications',
  'phone_verifications',
  'email_verifications',
  'aml_screenings',
  'ip_analyses',
  'database_validations',
  'questionnaire_responses',
] as const;
export const KYB_ARRAYS = [
  'registry_checks',
  'key_people_checks',
  'document_verifications',
  'aml_screenings',
  'phone_verifications',
  'email_verifications',
  'questionnaire_responses',
  'ip_analyses',
] as const;

const EPOCH = Date.UTC(2026, 2, 1);
export function generateDecision(o: GenerateDecisionOptions): Decision {
  const status = parseStatus(o.status);
  if (!status) throw new Error(`unknown session status "${o.status}"`);
  const rng = o.rng ?? new Rng(o.seed ?? 1, o.sessionId);
  const createdAt = o.createdAt ?? new Date(EPOCH - rng.int(0, 90 * 86_400) * 1000);
  const t0 = createdAt.getTime();
  const signer = o.media ?? {
    origin: DEFAULT_MEDIA_ORIGIN,
    secret: DEFAULT_MEDIA_SECRET,
    expires: Math.floor(t0 / 1000) + MEDIA_TTL_SECONDS,
  };
  const ctx: GenContext = {
    rng,
    sessionId: o.sessionId,
    person: makePerson(rng, t0),
    createdAt,
    t0,
    media: mediaUrlFactory(signer, o.sessionId),
  };
  const stage = stageOf(status);
  const outcome = outcomeFor(status, o.scenario, rng);
  const plan = new Plan();
  if (stage === 'final') planOutcome(plan, o.kind, outcome, rng);

  const arrays =
    o.kind === 'user' ? kycArrays(ctx, plan, stage, outcome) : kybArrays(ctx, plan, stage, outcome);
  const base: Obj = {
    session_id: o.sessionId,
    session_kind: o.kind,
    session_number: o.sessionNumber,
    session_url: o.sessionUrl ?? `${signer.origin}/session/${o.sessionId}`,
    status: wireStatus(o.kind, status),
    workflow_id: o.workflowId,
    features: arrays.features,
    vendor_data: o.vendorData ?? null,
    metadata: null,
    expected_details: null,
    contact_details: {
      email: ctx.person.email,
      email_lang: ctx.person.country.language,
      send_notification_emails: false,
      phone: o.kind === 'user' ? ctx.person.phone : null,
    },
    callback: null,
    ...arrays.values,
    reviews: [],
    status_override: null,
    created_at: isoMicro(t0, rng),
    expires_at: isoMicro(t0 + 7 * 86_400_000, rng),
  };
  if (o.kind === 'user') base.environment = 'sandbox';
  return base;
}

interface Arrays {
  features: string[];
  values: Obj;
}

/** The AML screening the plan chose for the session's subject (the person, or the company). */
function plannedScreening(ctx: GenContext, plan: Plan, outcome: Scenario, subject: AmlSubject): Obj {
  const aml = plan.get('AML');
  return amlScreening(ctx, subject, aml.status, amlOutcome(outcome, ctx.rng), aml.warnings);
}

function kycArrays(ctx: GenContext, plan: Plan, stage: Stage, outcome: Scenario): Arrays {
  const p = ctx.person;
  const withNfc = p.docCode === 'P' || p.docCode === 'ID';
  const values: Obj = Object.fromEntries(KYC_ARRAYS.map((key) => [key, null]));
  const features = [
    'ID_VERIFICATION',
    ...(withNfc ? ['NFC'] : []),
    'LIVENESS',
    'FACE_MATCH',
    'POA',
    'PHONE',
    'EMAIL_VERIFICATION',
    'DATABASE_VALIDATION',
    'AML',
    'IP_ANALYSIS',
    'QUESTIONNAIRE',
  ];
  if (stage === 'none') return { features, values };
  values.id_verifications = plan.item('ID_VERIFICATION', (status, warnings) =>
    idVerification(ctx, status, warnings, plan.has('DOCUMENT_EXPIRED')),
  );
  values.ip_analyses = plan.item('IP_ANALYSIS', (status, warnings) =>
    ipAnalysis(ctx, status, warnings, plan.has('IP_COUNTRY_MISMATCH')),
  );
  if (stage === 'partial') return { features, values };
  if (withNfc) values.nfc_verifications = [nfcVerification(ctx, 'Approved', [])];
  values.liveness_checks = plan.item('LIVENESS', (status, warnings) => livenessCheck(ctx, status, warnings));
  values.face_matches = plan.item('FACE_MATCH', (status, warnings) => faceMatch(ctx, status, warnings));
  values.poa_verifications = plan.item('POA', (status, warnings) => poaVerification(ctx, status, warnings));
  values.phone_verifications = plan.item('PHONE', (status, warnings) =>
    phoneVerification(ctx, status, warnings),
  );
  values.email_verifications = plan.item('EMAIL', (status, warnings) =>
    emailVerification(ctx, status, warnings),
  );
  values.aml_screenings = [
    plannedScreening(ctx, plan, outcome, {
      entityType: 'person',
      name: p.full,
      dob: p.dob,
      country: p.country.alpha3,
      documentNumber: p.docNumber,
      nodeId: 'feature_aml',
    }),
  ];
  values.database_validations = plan.item('DATABASE_VALIDATION', (status, warnings) =>
    databaseValidation(ctx, status, warnings),
  );
  values.questionnaire_responses = plan.item('QUESTIONNAIRE', (status, warnings) =>
    questionnaireResponse(ctx, status, warnings),
  );
  return { features, values };
}

function kybArrays(ctx: GenContext, plan: Plan, stage: Stage, outcome: Scenario): Arrays {
  const company = makeCompany(ctx);
  const values: Obj = Object.fromEntries(KYB_ARRAYS.map((key) => [key, null]));
  const features = [
    'KYB_REGISTRY',
    'KYB_KEY_PEOPLE',
    'KYB_DOCUMENTS',
    'KYB_COMPANY_AML',
    'PHONE',
    'EMAIL',
    'IP_ANALYSIS',
    'QUESTIONNAIRE',
  ];
  if (stage === 'none') return { features, values };
  const reg = plan.get('KYB_REGISTRY');
  values.registry_checks = [
    registryCheck(ctx, company, reg.status, reg.warnings, plan.has('KYB_COMPANY_NOT_ACTIVE')),
  ];
  if (stage === 'partial') return { features, values };
  values.key_people_checks = plan.item('KYB_KEY_PEOPLE', (status, warnings) =>
    keyPeopleCheck(ctx, status, warnings),
  );
  values.document_verifications = plan.item('KYB_DOCUMENTS', (status, warnings) =>
    documentVerification(ctx, company, status, warnings),
  );
  const screenings = [
    plannedScreening(ctx, plan, outcome, {
      entityType: 'company',
      name: company.seed.name,
      dob: null,
      country: company.country.alpha3,
      documentNumber: company.registrationNumber,
      nodeId: 'feature_kyb_company_aml',
    }),
  ];
  if (ctx.rng.chance(0.5)) {
    const p = ctx.person;
    screenings.push(
      amlScreening(
        ctx,
        {
          entityType: 'person',
          name: p.full,
          dob: p.dob,
          country: p.country.alpha3,
          documentNumber: null,
          nodeId: 'feature_aml',
        },
        'Approved',
        'clear',
        [],
      ),
    );
  }
  values.aml_screenings = screenings;
  values.phone_verifications = plan.item('PHONE', (status, warnings) =>
    phoneVerification(ctx, status, warnings),
  );
  values.email_verifications = plan.item('EMAIL', (status, warnings) =>
    emailVerification(ctx, status, warnings),
  );
  values.questionnaire_responses = plan.item('QUESTIONNAIRE', (status, warnings) =>
    questionnaireResponse(ctx, status, warnings),
  );
  values.ip_analyses = plan.item('IP_ANALYSIS', (status, warnings) =>
    ipAnalysis(ctx, status, warnings, false),
  );
  return { features, values };
}
