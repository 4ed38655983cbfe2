/** Name, place and company pools for the generator. Some scripts are non-Latin on purpose. */

export interface Country {
  alpha3: string;
  alpha2: string;
  name: string;
  phonePrefix: string;
  cities: readonly {
    city: string;
    region: string;
    postal: string;
    street: string;
    lat: number;
    lng: number;
  }[];
  language: string;
}

/** One table, one line per city: `alpha3 | alpha2 | name | phone prefix | language | city | region | postal | street | lat | lng`. */
const COUNTRY_TABLE = `
ESP | ES | Spain | +34 | es | Madrid | Comunidad de Madrid | 28013 | Calle Mayor 12 | 40.4153 | -3.7074
ESP | ES | Spain | +34 | es | Barcelona | Cataluña | 08002 | Carrer de la Boqueria 3 | 41.3818 | 2.1734
DEU | DE | Germany | +49 | de | München | Bayern | 80331 | Marienplatz 8 | 48.1374 | 11.5755
FRA | FR | France | +33 | fr | Lyon | Auvergne-Rhône-Alpes | 69002 | 14 Rue de la République | 45.7606 | 4.8357
GBR | GB | United Kingdom | +44 | en | London | England | EC2V 7HH | 1 Gresham Street | 51.5152 | -0.0933
BRA | BR | Brazil | +55 | pt | São Paulo | SP | 01310-100 | Avenida Paulista 1578 | -23.5614 | -46.6559
NGA | NG | Nigeria | +234 | en | Lagos | Lagos | 101241 | 12 Adeola Odeku Street | 6.4281 | 3.4219
RUS | RU | Russian Federation | +7 | ru | Москва | Москва | 125009 | ул. Тверская, 7 | 55.7577 | 37.6136
UKR | UA | Ukraine | +380 | uk | Київ | Київ | 01001 | вул. Хрещатик, 22 | 50.4474 | 30.5225
SAU | SA | Saudi Arabia | +966 | ar | الرياض | منطقة الرياض | 12211 | طريق الملك فهد 45 | 24.7136 | 46.6753
ARE | AE | United Arab Emirates | +971 | ar | دبي | دبي | 00000 | شارع الشيخ زايد 101 | 25.2048 | 55.2708
JPN | JP | Japan | +81 | ja | 東京都 | 千代田区 | 100-0005 | 丸の内1-9-1 | 35.6812 | 139.7671
CHN | CN | China | +86 | zh | 上海市 | 黄浦区 | 200001 | 南京东路100号 | 31.2304 | 121.4737
GRC | GR | Greece | +30 | el | Αθήνα | Αττική | 105 57 | Οδός Ερμού 15 | 37.9755 | 23.7348
IND | IN | India | +91 | hi | नई दिल्ली | दिल्ली | 110001 | कनॉट प्लेस 12 | 28.6315 | 77.2167
`;

const COUNTRY_CODES = [
  'ESP',
  'DEU',
  'FRA',
  'GBR',
  'BRA',
  'NGA',
  'RUS',
  'UKR',
  'SAU',
  'ARE',
  'JPN',
  'CHN',
  'GRC',
  'IND',
] as const;
export type CountryCode = (typeof COUNTRY_CODES)[number];

/** The rows of a `|`-separated table (blank lines skipped), each cell trimmed. */
const rows = (table: string) =>
  table
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('|').map((cell) => cell.trim()));

export const COUNTRIES = (() => {
  const out = {} as Record<CountryCode, Country>;
  for (const [alpha3, alpha2, name, phonePrefix, language, city, region, postal, street, lat, lng] of rows(
    COUNTRY_TABLE,
  ) as string[][] as [CountryCode, ...string[]][]) {
    out[alpha3] ??= {
      alpha3,
      alpha2: alpha2!,
      name: name!,
      phonePrefix: phonePrefix!,
      language: language!,
      cities: [],
    };
    (out[alpha3].cities as Country['cities'][number][]).push({
      city: city!,
      region: region!,
      postal: postal!,
      street: street!,
      lat: Number(lat),
      lng: Number(lng),
    });
  }
  if (Object.keys(out).join() !== COUNTRY_CODES.join())
    throw new Error('COUNTRY_TABLE and COUNTRY_CODES differ');
  return out;
})();

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'cjk' | 'greek' | 'devanagari';

interface PersonSeed {
  first: string;
  last: string;
  gender: 'M' | 'F';
  country: CountryCode;
  script: Script;
}

/** `first | last | gender | country | script`, one person a line. */
const people = (table: string): readonly PersonSeed[] =>
  rows(table).map(([first, last, gender, country, script]) => ({
    first: first!,
    last: last!,
    gender: gender as PersonSeed['gender'],
    country: country as CountryCode,
    script: script as Script,
  }));

export const LATIN_PEOPLE = people(`
Carmen | Española Española | F | ESP | latin
José | García López | M | ESP | latin
Jürgen | Müller | M | DEU | latin
Chloé | Lefèvre | F | FRA | latin
Emily | O'Connor | F | GBR | latin
João | Conceição | M | BRA | latin
Ngozi | Okonkwo | F | NGA | latin
Alejandro | Rosas | M | ESP | latin
`);

export const NON_LATIN_PEOPLE = people(`
Иван | Петров | M | RUS | cyrillic
Олена | Шевченко | F | UKR | cyrillic
محمد | العتيبي | M | SAU | arabic
فاطمة | الهاشمي | F | ARE | arabic
太郎 | 山田 | M | JPN | cjk
秀英 | 王 | F | CHN | cjk
Γιώργος | Παπαδόπουλος | M | GRC | greek
Ελένη | Κωνσταντίνου | F | GRC | greek
अर्जुन | शर्मा | M | IND | devanagari
प्रिया | पटेल | F | IND | devanagari
`);

export interface CompanySeed {
  name: string;
  legalForm: string;
  country: CountryCode;
  industry: string;
}

/** `name | legal form | country | industry`, one company a line. */
export const COMPANIES: readonly CompanySeed[] = rows(`
Nordlicht Logistik GmbH | GmbH | DEU | Freight transport by road
Soluciones Ibéricas S.L. | Sociedad Limitada | ESP | Software development
Thames Ledger Ltd | Private limited company | GBR | Financial services
Pão Quente Comércio Ltda. | Sociedade Limitada | BRA | Retail bakery
ООО «Северные Технологии» | ООО | RUS | IT consulting
株式会社さくら商事 | 株式会社 | JPN | Wholesale trade
شركة الخليج للتجارة ذ.م.م | ذ.م.م | ARE | General trading
Ελληνική Ναυτιλιακή Α.Ε. | Α.Ε. | GRC | Maritime shipping
भारत सॉफ्टवेयर प्राइवेट लिमिटेड | Private Limited | IND | Software publishing
Lagos Fintech Hub Ltd | Private limited company | NGA | Payment services
`).map(([name, legalForm, country, industry]) => ({
  name: name!,
  legalForm: legalForm!,
  country: country as CountryCode,
  industry: industry!,
}));

export const DOCUMENT_TYPES = [
  { code: 'ID', display: 'Identity Card' },
  { code: 'P', display: 'Passport' },
  { code: 'DL', display: "Driver's License" },
  { code: 'RP', display: 'Residence Permit' },
] as const;

export const PEP_POSITIONS = [
  'Member of Parliament',
  'Deputy Minister of Finance',
  'Board member, state-owned enterprise',
  'Mayor',
] as const;

export const AML_DATASETS = [
  ['PEP'],
  ['Sanctions', 'OFAC SDN'],
  ['Adverse Media'],
  ['PEP', 'Adverse Media'],
] as const;

export const ISPS = [
  'Telefonica de Espana',
  'Deutsche Telekom AG',
  'Orange S.A.',
  'BT Public Internet Service',
  'Amazon.com, Inc.',
] as const;
export const BROWSERS = ['Chrome', 'Safari', 'Firefox', 'Mobile Safari', 'Samsung Internet'] as const;
export const DEVICES = [
  { brand: 'Apple', model: 'iPhone 15', os: 'iOS', platform: 'mobile' },
  { brand: 'Samsung', model: 'Galaxy S24', os: 'Android', platform: 'mobile' },
  { brand: 'Google', model: 'Pixel 8', os: 'Android', platform: 'mobile' },
  { brand: 'Apple', model: 'Mac', os: 'Mac OS X', platform: 'desktop' },
] as const;
