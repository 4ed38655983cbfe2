import type { PyValue } from '@console/didit/python-json';
import {
  f,
  type GenContext,
  isoDate,
  isoMicro,
  type Obj,
  parsedAddress,
  score,
} from './generator-context.ts';
import type { FeatureStatus } from './statuses.ts';

/** Item builders for the KYC plural arrays of docs/didit.md §4.4–§4.14. */

const DAY = 86_400_000;

function quality(ctx: GenContext): Obj {
  const r = ctx.rng;
  return {
    brightness_issue: 'ok',
    brightness_score: score(r, 70, 99),
    focus_score: score(r, 70, 99),
    is_document_fully_visible: true,
    overall_score: score(r, 75, 99),
    resolution_score: score(r, 80, 100),
  };
}

export function idVerification(
  ctx: GenContext,
  status: FeatureStatus,
  warnings: PyValue[],
  expired: boolean,
): Obj {
  const p = ctx.person;
  const passport = p.docCode === 'P';
  const addr = parsedAddress(ctx);
  const duplicate = warnings.some((w) => (w as Obj).risk === 'POSSIBLE_DUPLICATED_USER');
  return {
    status,
    node_id: 'feature_ocr',
    document_type: p.docDisplay,
    document_number: p.docNumber,
    personal_number: p.personalNumber,
    date_of_birth: p.dob,
    age: p.age,
    expiration_date: expired ? isoDate(ctx.t0 - 40 * DAY) : p.expirationDate,
    date_of_issue: p.issueDate,
    issuing_state: p.country.alpha3,
    issuing_state_name: p.country.name,
    first_name: p.first,
    last_name: p.last,
    full_name: p.full,
    gender: p.gender,
    nationality: p.country.alpha3,
    place_of_birth: p.place.city,
    marital_status: ctx.rng.pick(['SINGLE', 'MARRIED', 'UNKNOWN']),
    address: passport ? null : `${p.place.street}, ${p.place.city}`,
    formatted_address: passport ? null : (addr.formatted_address as string),
    parsed_address: passport ? null : addr,
    portrait_image: ctx.media('portrait.svg'),
    front_image: ctx.media('document-front.svg'),
    back_image: passport ? null : ctx.media('document-back.svg'),
    front_video: null,
    back_video: null,
    full_front_image: ctx.media('document-front-full.svg'),
    full_back_image: passport ? null : ctx.media('document-back-full.svg'),
    front_image_camera_front: null,
    back_image_camera_front: null,
    front_image_camera_front_face_match_score: null,
    back_image_camera_front_face_match_score: null,
    front_image_quality_score: quality(ctx),
    back_image_quality_score: passport ? null : quality(ctx),
    extra_fields: passport ? {} : { first_surname: p.last, second_surname: null },
    extra_files: [],
    matches: duplicate
      ? [
          {
            status: 'Approved',
            session_id: ctx.rng.uuid(),
            api_service: null,
            vendor_data: `user-${ctx.rng.digits(6)}`,
            user_details: { name: p.full, document_type: p.docDisplay, document_number: p.docNumber },
            is_blocklisted: false,
            session_number: ctx.rng.int(100, 9000),
            front_image_url: ctx.media('duplicate-front.svg'),
            verification_date: isoMicro(ctx.t0 - 90 * DAY, ctx.rng),
          },
        ]
      : [],
    warnings,
  };
}

export function nfcVerification(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const p = ctx.person;
  const r = ctx.rng;
  return {
    status,
    node_id: 'feature_nfc',
    authenticity: { dg_integrity: true, sod_integrity: true },
    certificate_summary: {
      issuer: `CSCA ${p.country.name}`,
      not_valid_after: isoDate(ctx.t0 + 3000 * DAY),
      not_valid_before: isoDate(ctx.t0 - 900 * DAY),
      // Python hands large certificate serials over as floats.
      serial_number: f(r.int(1, 9) * 1e38 + r.int(1, 999_999) * 1e31),
      subject: `DS ${p.country.alpha2} ${r.digits(2)}`,
    },
    chip_data: {
      address: null,
      birth_date: p.dob,
      birth_date_hash: r.token(16),
      country: p.country.alpha3,
      dgs: ['DG1', 'DG2', 'DG11', 'DG14'],
      document_number: p.docNumber,
      document_number_hash: r.token(16),
      document_type: p.docCode === 'P' ? 'P' : 'I',
      expiry_date: p.expirationDate,
      expiry_date_hash: r.token(16),
      final_hash: r.token(16),
      mrz_string: `${p.docCode === 'P' ? 'P<' : 'ID'}${p.country.alpha3}${p.docNumber}<<<<<<<<<<`,
      mrz_type: p.docCode === 'P' ? 'TD3' : 'TD1',
      name: p.first,
      nationality: p.country.alpha3,
      optional_data: '',
      optional_data_hash: r.token(16),
      place_of_birth: p.place.city,
      sex: p.gender,
      surname: p.last,
    },
    portrait_image: ctx.media('nfc-portrait.svg'),
    signature_image: ctx.media('nfc-signature.svg'),
    warnings,
  };
}

export function livenessCheck(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const r = ctx.rng;
  const method = r.pick(['PASSIVE', 'FLASHING', 'ACTIVE_3D'] as const);
  const low = status !== 'Approved';
  return {
    status,
    node_id: 'feature_liveness',
    method,
    score: low ? score(r, 20, 70) : score(r, 85, 99.9),
    reference_image: ctx.media('liveness-reference.svg'),
    video_url: method === 'ACTIVE_3D' ? ctx.media('liveness-video.svg') : null,
    age_estimation: f(r.float(ctx.person.age - 4, ctx.person.age + 4, 1)),
    face_quality: score(r, 60, 99),
    face_luminance: r.chance(0.2) ? null : score(r, 40, 90),
    matches: [],
    warnings,
  };
}

export function faceMatch(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const r = ctx.rng;
  return {
    status,
    node_id: 'feature_face_match',
    score:
      status === 'Declined' ? score(r, 5, 40) : status === 'In Review' ? score(r, 45, 69) : score(r, 75, 99),
    source_image: ctx.media('face-source.svg'),
    target_image: ctx.media('face-target.svg'),
    source_image_session_id: null,
    warnings,
  };
}

export function poaVerification(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const p = ctx.person;
  const r = ctx.rng;
  const addr = parsedAddress(ctx);
  return {
    status,
    node_id: 'feature_poa',
    document_file: ctx.media('poa-document.svg'),
    document_language: p.country.language,
    document_metadata: {
      content_type: 'application/pdf',
      creation_date: isoMicro(ctx.t0 - 20 * DAY, r),
      file_size: r.int(40_000, 900_000),
      modified_date: isoMicro(ctx.t0 - 20 * DAY, r),
    },
    document_type: r.pick(['UTILITY_BILL', 'BANK_STATEMENT', 'GOVERNMENT_ISSUED_DOCUMENT'] as const),
    issuer: r.pick(['Iberdrola', 'Vodafone', 'Santander', 'E.ON', 'HSBC']),
    issue_date: isoDate(ctx.t0 - 20 * DAY),
    expiration_date: null,
    issuing_state: p.country.alpha3,
    name_on_document: p.full,
    name_match_score_id_verification: status === 'In Review' ? score(r, 40, 70) : f(100),
    name_match_score_expected_details: null,
    poa_address: `${p.place.street}, ${p.place.postal} ${p.place.city}`,
    poa_formatted_address: addr.formatted_address as string,
    poa_parsed_address: { ...addr, id: r.uuid(), is_best_match: true },
    expected_details_address: null,
    expected_details_formatted_address: null,
    expected_details_parsed_address: null,
    extra_fields: {
      additional_names: [],
      bank_account_number: null,
      bank_branch_address: null,
      bank_branch_name: null,
      bank_iban: null,
      bank_routing_number: null,
      bank_sort_code: null,
      bank_swift_bic: null,
      document_phone_number: null,
    },
    extra_files: [],
    warnings,
  };
}

export function databaseValidation(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const p = ctx.person;
  const partial = status !== 'Approved';
  return {
    status,
    node_id: 'feature_database_validation',
    issuing_state: p.country.alpha3,
    validation_type: 'one_by_one',
    match_type: partial ? 'partial_match' : 'full_match',
    screened_data: {
      first_name: p.first,
      last_name: p.last,
      tax_number: p.personalNumber,
      date_of_birth: p.dob,
      document_type: p.docCode,
      expiration_date: p.expirationDate,
    },
    validations: [
      {
        validation: {
          full_name: 'full_match',
          date_of_birth: partial ? 'no_match' : 'full_match',
          identification_number: 'full_match',
        },
        source_data: { full_name: p.full, date_of_birth: p.dob, identification_number: p.personalNumber },
      },
    ],
    warnings,
  };
}
