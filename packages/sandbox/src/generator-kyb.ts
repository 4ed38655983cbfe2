import type { PyValue } from '@console/didit/python-json';
import { f, type GenContext, isoDate, isoMicro, type Obj } from './generator-context.ts';
import { COMPANIES, COUNTRIES, type CompanySeed, type Country } from './generator-data.ts';
import type { FeatureStatus } from './statuses.ts';

/**
 * KYB arrays (docs/didit.md §4.16). Didit documents only `status`, `node_id`, `warnings` (and `data_resolved` for the
 * registry) for these items; the remaining keys are the sandbox's realistic choice, kept stable.
 */

interface Company {
  seed: CompanySeed;
  country: Country;
  registrationNumber: string;
  taxNumber: string;
  incorporated: string;
}

export function makeCompany(ctx: GenContext): Company {
  const seed = ctx.rng.pick(COMPANIES);
  const country = COUNTRIES[seed.country];
  return {
    seed,
    country,
    registrationNumber: `${country.alpha2}-${ctx.rng.digits(8)}`,
    taxNumber: `${country.alpha2}${ctx.rng.digits(9)}`,
    incorporated: isoDate(ctx.t0 - ctx.rng.int(200, 9000) * 86_400_000),
  };
}

export function registryCheck(
  ctx: GenContext,
  company: Company,
  status: FeatureStatus,
  warnings: PyValue[],
  inactive: boolean,
): Obj {
  const r = ctx.rng;
  const p = ctx.person;
  const place = company.country.cities[0]!;
  return {
    status,
    node_id: 'feature_kyb_registry',
    data_resolved: true,
    company_name: company.seed.name,
    registration_number: company.registrationNumber,
    tax_number: company.taxNumber,
    country_code: company.country.alpha2,
    jurisdiction: company.country.alpha3,
    legal_form: company.seed.legalForm,
    company_status: inactive ? 'Dissolved' : 'Active',
    incorporation_date: company.incorporated,
    registered_address: `${place.street}, ${place.postal} ${place.city}, ${company.country.name}`,
    industry: company.seed.industry,
    industry_codes: [{ scheme: 'NACE', code: `${r.int(10, 99)}.${r.int(10, 99)}` }],
    share_capital: { amount: f(r.pick([3000, 25000, 60000, 100000])), currency: 'EUR' },
    officers: [
      { full_name: p.full, role: 'DIRECTOR', appointed_on: company.incorporated },
      {
        full_name: `${p.first} ${r.pick(['Navarro', 'Schmidt', 'Ivanova', 'Sato'])}`,
        role: 'SECRETARY',
        appointed_on: company.incorporated,
      },
    ],
    shareholders: [{ name: p.full, type: 'person', ownership_percentage: f(r.pick([51, 60, 75, 100])) }],
    source: { name: `${company.country.name} business registry`, retrieved_at: isoMicro(ctx.t0 + 30_000, r) },
    warnings,
  };
}

export function keyPeopleCheck(ctx: GenContext, status: FeatureStatus, warnings: PyValue[]): Obj {
  const r = ctx.rng;
  const p = ctx.person;
  const pending = status === 'In Review';
  return {
    status,
    node_id: 'feature_kyb_key_people',
    key_people: [
      {
        full_name: p.full,
        roles: ['UBO', 'DIRECTOR'],
        ownership_percentage: f(r.pick([51, 60, 75.5, 100])),
        nationality: p.country.alpha3,
        date_of_birth: p.dob,
        kyc_session_id: r.uuid(),
        kyc_status: 'Approved',
        aml_status: 'Approved',
      },
      {
        full_name: `${r.pick(['Ana', 'Олег', 'Yuki', 'Omar'])} ${r.pick(['Ruiz', 'Соколов', '佐藤', 'Haddad'])}`,
        roles: ['UBO'],
        ownership_percentage: f(r.pick([25, 30, 40])),
        nationality: p.country.alpha3,
        date_of_birth: isoDate(Date.parse(p.dob) + 800 * 86_400_000),
        kyc_session_id: pending ? null : r.uuid(),
        kyc_status: pending ? 'Not Started' : 'Approved',
        aml_status: pending ? null : 'Approved',
      },
    ],
    warnings,
  };
}

export function documentVerification(
  ctx: GenContext,
  company: Company,
  status: FeatureStatus,
  warnings: PyValue[],
): Obj {
  const mismatch = warnings.some((w) => (w as Obj).risk === 'KYB_DOCUMENT_NAME_MISMATCH');
  return {
    status,
    node_id: 'feature_kyb_documents',
    documents: [
      {
        document_type: 'CERTIFICATE_OF_INCORPORATION',
        file_name: 'certificate-of-incorporation.pdf',
        file_url: ctx.media('kyb-certificate.svg'),
        issue_date: company.incorporated,
        status,
        extracted_data: {
          company_name: mismatch ? `${company.seed.name.split(' ')[0]} Holding` : company.seed.name,
          registration_number: company.registrationNumber,
        },
      },
      {
        document_type: 'SHAREHOLDER_REGISTRY',
        file_name: 'shareholders.pdf',
        file_url: ctx.media('kyb-shareholders.svg'),
        issue_date: isoDate(ctx.t0 - 60 * 86_400_000),
        status: 'Approved',
        extracted_data: { company_name: company.seed.name, registration_number: company.registrationNumber },
      },
    ],
    warnings,
  };
}
