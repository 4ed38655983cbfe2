import { PyFloat, type PyValue } from '@console/didit/python-json';
import {
  COUNTRIES,
  type Country,
  type CountryCode,
  DOCUMENT_TYPES,
  LATIN_PEOPLE,
  NON_LATIN_PEOPLE,
  type Script,
} from './generator-data.ts';
import type { Rng } from './rng.ts';

export type Obj = { [key: string]: PyValue };

export interface Person {
  first: string;
  last: string;
  full: string;
  gender: 'M' | 'F';
  script: Script;
  country: Country;
  countryCode: CountryCode;
  place: Country['cities'][number];
  dob: string;
  age: number;
  docCode: (typeof DOCUMENT_TYPES)[number]['code'];
  docDisplay: string;
  docNumber: string;
  personalNumber: string;
  issueDate: string;
  expirationDate: string;
  email: string;
  phone: string;
}

/** What every feature builder shares: the seeded stream, the data subject, the clock, media links. */
export interface GenContext {
  rng: Rng;
  sessionId: string;
  person: Person;
  createdAt: Date;
  /** Unix ms of createdAt, for offsets. */
  t0: number;
  media: (file: string) => string;
}

/** A float kept a float on the wire; one in four is whole-valued (`95.0`), as Didit's Python sends. */
export function score(rng: Rng, min: number, max: number, decimals = 2): PyFloat {
  return new PyFloat(rng.chance(0.25) ? Math.round(rng.float(min, max)) : rng.float(min, max, decimals));
}

export function f(v: number): PyFloat {
  return new PyFloat(v);
}

const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` without a Date object (the generator's budget is microseconds per decision). */
export function isoDate(ms: number): string {
  // Howard Hinnant's civil_from_days.
  const z = Math.floor(ms / DAY_MS) + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${y}-${TWO[m]}-${TWO[d]}`;
}

/** Django's ISO format: microseconds and `Z`. */
export function isoMicro(ms: number, rng: Rng): string {
  const t = ms - Math.floor(ms / DAY_MS) * DAY_MS;
  const h = Math.floor(t / 3_600_000);
  const mi = Math.floor(t / 60_000) % 60;
  const s = Math.floor(t / 1000) % 60;
  const micro = (t % 1000) * 1000 + (rng.u32() % 1000);
  return `${isoDate(ms)}T${TWO[h]}:${TWO[mi]}:${TWO[s]}.${String(micro).padStart(6, '0')}Z`;
}

const YEAR_MS = 365.25 * 86_400_000;

const asciiCache = new Map<string, string>();
function asciiLocal(s: string): string {
  let v = asciiCache.get(s);
  if (v === undefined) {
    v = s
      .normalize('NFD')
      .replace(/[^A-Za-z]/g, '')
      .toLowerCase();
    asciiCache.set(s, v);
  }
  return v;
}

export function makePerson(rng: Rng, t0: number): Person {
  const seed = rng.chance(0.35) ? rng.pick(NON_LATIN_PEOPLE) : rng.pick(LATIN_PEOPLE);
  const country: Country = COUNTRIES[seed.country];
  const doc = rng.pick(DOCUMENT_TYPES);
  const dobMs = t0 - rng.int(19, 72) * YEAR_MS - rng.int(0, 364) * 86_400_000;
  const dob = isoDate(dobMs);
  const age = Math.floor((t0 - Date.parse(dob)) / YEAR_MS);
  const issueMs = t0 - rng.int(100, 3000) * 86_400_000;
  const local =
    seed.script === 'latin' ? `${asciiLocal(seed.first)}.${asciiLocal(seed.last)}` : `user${rng.digits(5)}`;
  // A CJK or Hungarian-style order puts the family name first.
  const full = seed.script === 'cjk' ? `${seed.last}${seed.first}` : `${seed.first} ${seed.last}`;
  return {
    first: seed.first,
    last: seed.last,
    full,
    gender: seed.gender,
    script: seed.script,
    country,
    countryCode: seed.country,
    place: rng.pick(country.cities),
    dob,
    age,
    docCode: doc.code,
    docDisplay: doc.display,
    docNumber: `${country.alpha2}${rng.digits(7)}${String.fromCharCode(65 + rng.int(0, 25))}`,
    personalNumber: rng.digits(9),
    issueDate: isoDate(issueMs),
    expirationDate: isoDate(issueMs + 10 * YEAR_MS),
    email: `${local}@example.com`,
    phone: `${country.phonePrefix}6${rng.digits(8)}`,
  };
}

export function parsedAddress(ctx: GenContext): Obj {
  const p = ctx.person.place;
  const c = ctx.person.country;
  const formatted = `${p.street}, ${p.postal} ${p.city}, ${c.name}`;
  return {
    address_type: 'Home',
    category: 'street_address',
    city: p.city,
    country: c.alpha2,
    document_location: { latitude: f(p.lat), longitude: f(p.lng) },
    formatted_address: formatted,
    is_verified: true,
    label: 'Address on document',
    postal_code: p.postal,
    raw_results: {
      address_components: [
        { long_name: p.city, short_name: p.city, types: ['locality', 'political'] },
        { long_name: c.name, short_name: c.alpha2, types: ['country', 'political'] },
      ],
      formatted_address: formatted,
      geometry: { location: { lat: f(p.lat), lng: f(p.lng) }, location_type: 'ROOFTOP' },
      place_id: `ChIJ${ctx.rng.token(23)}`,
      types: ['street_address'],
    },
    region: p.region,
    street_1: p.street,
    street_2: null,
  };
}
