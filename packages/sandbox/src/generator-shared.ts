import type { PyValue } from '@console/didit/python-json';
import { f, type GenContext, isoMicro, type Obj, score } from './generator-context.ts';
import { BROWSERS, DEVICES, ISPS } from './generator-data.ts';
import type { FeatureStatus } from './statuses.ts';

/** Items both kinds carry: phone, email, IP analysis, questionnaire (docs/didit.md §4.9, §4.10, §4.12, §4.14). */

function lifecycle(ctx: GenContext, prefix: 'PHONE' | 'EMAIL', approved: boolean): Obj[] {
  const steps = [
    `${prefix}_VERIFICATION_MESSAGE_SENT`,
    'VALID_CODE_ENTERED',
    `${prefix}_VERIFICATION_APPROVED`,
  ];
  if (!approved) steps.length = 1;
  return steps.map((type, i) => ({
    type,
    timestamp: isoMicro(ctx.t0 + (60 + i * 20) * 1000, ctx.rng),
    fee: i === 0 && prefix === 'PHONE' ? f(0.1) : f(0),
    details: null,
  }));
}

export function phoneVerification(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const p = ctx.person;
  const voip = warnings.length > 0;
  return {
    status,
    node_id: 'feature_phone',
    carrier: {
      name: voip ? 'Twilio' : ctx.rng.pick(['Movistar', 'Vodafone', 'Orange', 'MTN']),
      type: voip ? 'voip' : 'mobile',
    },
    country_code: p.country.alpha2,
    country_name: p.country.name,
    full_number: p.phone,
    phone_number: p.phone.slice(p.country.phonePrefix.length),
    phone_number_prefix: p.country.phonePrefix,
    is_disposable: false,
    is_virtual: voip,
    verification_method: ctx.rng.pick(['sms', 'whatsapp']),
    verification_attempts: 1,
    verified_at: status === 'Approved' ? isoMicro(ctx.t0 + 100_000, ctx.rng) : null,
    lifecycle: lifecycle(ctx, 'PHONE', status === 'Approved'),
    warnings,
  };
}

export function emailVerification(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const breached = warnings.length > 0;
  return {
    status,
    node_id: 'feature_email',
    email: ctx.person.email,
    is_breached: breached,
    breaches: breached
      ? [
          {
            name: 'ExampleShop',
            domain: 'shop.example',
            breach_date: '2021-07-14',
            data_classes: ['Email addresses', 'Passwords'],
          },
        ]
      : [],
    is_disposable: false,
    is_undeliverable: false,
    verification_attempts: 1,
    verified_at: status === 'Approved' ? isoMicro(ctx.t0 + 160_000, ctx.rng) : null,
    lifecycle: lifecycle(ctx, 'EMAIL', status === 'Approved'),
    warnings,
  };
}

export function ipAnalysis(
  ctx: GenContext,
  status: FeatureStatus,
  warnings: PyValue[],
  foreign: boolean,
): Obj {
  const r = ctx.rng;
  const p = ctx.person;
  const device = r.pick(DEVICES);
  const lat = foreign ? 52.52 : p.place.lat + r.float(-0.05, 0.05, 4);
  const lng = foreign ? 13.405 : p.place.lng + r.float(-0.05, 0.05, 4);
  const distance = foreign ? score(r, 800, 3000, 1) : score(r, 1, 30, 1);
  return {
    status,
    node_id: 'feature_ip_analysis',
    ip_address: `203.0.113.${r.int(1, 254)}`,
    ip_country: foreign ? 'Germany' : p.country.name,
    ip_country_code: foreign ? 'DE' : p.country.alpha2,
    ip_state: foreign ? 'Berlin' : p.place.region,
    ip_city: foreign ? 'Berlin' : p.place.city,
    latitude: f(lat),
    longitude: f(lng),
    isp: r.pick(ISPS),
    organization: null,
    is_vpn_or_tor: false,
    is_data_center: false,
    time_zone: 'Europe/Madrid',
    time_zone_offset: '+0100',
    browser_family: r.pick(BROWSERS),
    device_brand: device.brand,
    device_model: device.model,
    device_fingerprint: r.token(32),
    os_family: device.os,
    platform: device.platform,
    ip: {
      location: { latitude: f(lat), longitude: f(lng) },
      distance_from_id_document: { direction: r.pick(['N', 'NE', 'SW']), distance },
      distance_from_poa_document: { direction: r.pick(['N', 'S', 'W']), distance },
    },
    id_document: {
      location: { latitude: f(p.place.lat), longitude: f(p.place.lng) },
      distance_from_ip: distance,
      distance_from_poa_document: f(0),
    },
    poa_document: {
      location: { latitude: f(p.place.lat), longitude: f(p.place.lng) },
      distance_from_ip: distance,
      distance_from_id_document: f(0),
    },
    matches: [],
    warnings,
  };
}

export function questionnaireResponse(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const risky = warnings.length > 0;
  return {
    status,
    node_id: 'feature_questionnaire',
    questionnaire_id: 'b3c1f0de-5a7e-4c1b-9f0e-3e2d1c0b9a87',
    questionnaire_group_id: '0f9e8d7c-6b5a-4493-8271-605f4e3d2c1b',
    title: 'Source of funds',
    description: 'Onboarding questionnaire',
    default_language: 'en',
    languages: ['en', 'es'],
    is_active: true,
    is_simple_questionnaire: false,
    published_at: '2025-11-02T09:00:00.000000Z',
    version: 3,
    sections: [
      {
        title: 'Funds',
        description: null,
        items: [
          {
            uuid: '6a2f3c4d-1e0b-4f9a-8c7d-2b1a0e9f8d7c',
            value: 'source_of_funds',
            title: 'What is the main source of your funds?',
            description: null,
            element_type: 'SINGLE_CHOICE',
            is_required: true,
            choices: [
              { label: 'Salary', value: 'salary' },
              { label: 'Crypto trading', value: 'crypto' },
              { label: 'Other', value: 'other', requires_text_input: true },
            ],
            answer: { value: risky ? 'crypto' : ctx.rng.pick(['salary', 'salary', 'other']) },
            max_files: null,
            placeholder: null,
            repeatable_config: null,
            required_if: null,
          },
          {
            uuid: '9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a',
            value: 'expected_monthly_volume',
            title: 'Expected monthly volume (EUR)',
            description: null,
            element_type: 'DROPDOWN',
            is_required: true,
            choices: [
              { label: '< 1,000', value: 'low' },
              { label: '1,000 – 10,000', value: 'mid' },
              { label: '> 10,000', value: 'high' },
            ],
            answer: { value: risky ? 'high' : 'low' },
            max_files: null,
            placeholder: null,
            repeatable_config: null,
            required_if: null,
          },
        ],
      },
    ],
    warnings,
  };
}
