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

type City = Country['cities'][number];
const city = (
  city: string,
  region: string,
  postal: string,
  street: string,
  lat: number,
  lng: number,
): City => ({
  city,
  region,
  postal,
  street,
  lat,
  lng,
});
const country = (alpha2: string, name: string, phonePrefix: string, language: string, cities: City[]) => ({
  alpha2,
  name,
  phonePrefix,
  language,
  cities,
});

const COUNTRY_ROWS = {
  ESP: country('ES', 'Spain', '+34', 'es', [
    city('Madrid', 'Comunidad de Madrid', '28013', 'Calle Mayor 12', 40.4153, -3.7074),
    city('Barcelona', 'Cataluña', '08002', 'Carrer de la Boqueria 3', 41.3818, 2.1734),
  ]),
  DEU: country('DE', 'Germany', '+49', 'de', [
    city('München', 'Bayern', '80331', 'Marienplatz 8', 48.1374, 11.5755),
  ]),
  FRA: country('FR', 'France', '+33', 'fr', [
    city('Lyon', 'Auvergne-Rhône-Alpes', '69002', '14 Rue de la République', 45.7606, 4.8357),
  ]),
  GBR: country('GB', 'United Kingdom', '+44', 'en', [
    city('London', 'England', 'EC2V 7HH', '1 Gresham Street', 51.5152, -0.0933),
  ]),
  BRA: country('BR', 'Brazil', '+55', 'pt', [
    city('São Paulo', 'SP', '01310-100', 'Avenida Paulista 1578', -23.5614, -46.6559),
  ]),
  NGA: country('NG', 'Nigeria', '+234', 'en', [
    city('Lagos', 'Lagos', '101241', '12 Adeola Odeku Street', 6.4281, 3.4219),
  ]),
  RUS: country('RU', 'Russian Federation', '+7', 'ru', [
    city('Москва', 'Москва', '125009', 'ул. Тверская, 7', 55.7577, 37.6136),
  ]),
  UKR: country('UA', 'Ukraine', '+380', 'uk', [
    city('Київ', 'Київ', '01001', 'вул. Хрещатик, 22', 50.4474, 30.5225),
  ]),
  SAU: country('SA', 'Saudi Arabia', '+966', 'ar', [
    city('الرياض', 'منطقة الرياض', '12211', 'طريق الملك فهد 45', 24.7136, 46.6753),
  ]),
  ARE: country('AE', 'United Arab Emirates', '+971', 'ar', [
    city('دبي', 'دبي', '00000', 'شارع الشيخ زايد 101', 25.2048, 55.2708),
  ]),
  JPN: country('JP', 'Japan', '+81', 'ja', [
    city('東京都', '千代田区', '100-0005', '丸の内1-9-1', 35.6812, 139.7671),
  ]),
  CHN: country('CN', 'China', '+86', 'zh', [
    city('上海市', '黄浦区', '200001', '南京东路100号', 31.2304, 121.4737),
  ]),
  GRC: country('GR', 'Greece', '+30', 'el', [
    city('Αθήνα', 'Αττική', '105 57', 'Οδός Ερμού 15', 37.9755, 23.7348),
  ]),
  IND: country('IN', 'India', '+91', 'hi', [
    city('नई दिल्ली', 'दिल्ली', '110001', 'कनॉट प्लेस 12', 28.6315, 77.2167),
  ]),
} satisfies Record<string, Omit<Country, 'alpha3'>>;

export type CountryCode = keyof typeof COUNTRY_ROWS;

export const COUNTRIES = Object.fromEntries(
  Object.entries(COUNTRY_ROWS).map(([alpha3, c]) => [alpha3, { alpha3, ...c }]),
) as unknown as Record<CountryCode, Country>;

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'cjk' | 'greek' | 'devanagari';

interface PersonSeed {
  first: string;
  last: string;
  gender: 'M' | 'F';
  country: CountryCode;
  script: Script;
}

export const LATIN_PEOPLE: readonly PersonSeed[] = [
  { first: 'Carmen', last: 'Española Española', gender: 'F', country: 'ESP', script: 'latin' },
  { first: 'José', last: 'García López', gender: 'M', country: 'ESP', script: 'latin' },
  { first: 'Jürgen', last: 'Müller', gender: 'M', country: 'DEU', script: 'latin' },
  { first: 'Chloé', last: 'Lefèvre', gender: 'F', country: 'FRA', script: 'latin' },
  { first: 'Emily', last: "O'Connor", gender: 'F', country: 'GBR', script: 'latin' },
  { first: 'João', last: 'Conceição', gender: 'M', country: 'BRA', script: 'latin' },
  { first: 'Ngozi', last: 'Okonkwo', gender: 'F', country: 'NGA', script: 'latin' },
  { first: 'Alejandro', last: 'Rosas', gender: 'M', country: 'ESP', script: 'latin' },
];

export const NON_LATIN_PEOPLE: readonly PersonSeed[] = [
  { first: 'Иван', last: 'Петров', gender: 'M', country: 'RUS', script: 'cyrillic' },
  { first: 'Олена', last: 'Шевченко', gender: 'F', country: 'UKR', script: 'cyrillic' },
  { first: 'محمد', last: 'العتيبي', gender: 'M', country: 'SAU', script: 'arabic' },
  { first: 'فاطمة', last: 'الهاشمي', gender: 'F', country: 'ARE', script: 'arabic' },
  { first: '太郎', last: '山田', gender: 'M', country: 'JPN', script: 'cjk' },
  { first: '秀英', last: '王', gender: 'F', country: 'CHN', script: 'cjk' },
  { first: 'Γιώργος', last: 'Παπαδόπουλος', gender: 'M', country: 'GRC', script: 'greek' },
  { first: 'Ελένη', last: 'Κωνσταντίνου', gender: 'F', country: 'GRC', script: 'greek' },
  { first: 'अर्जुन', last: 'शर्मा', gender: 'M', country: 'IND', script: 'devanagari' },
  { first: 'प्रिया', last: 'पटेल', gender: 'F', country: 'IND', script: 'devanagari' },
];

export interface CompanySeed {
  name: string;
  legalForm: string;
  country: CountryCode;
  industry: string;
}

export const COMPANIES: readonly CompanySeed[] = [
  {
    name: 'Nordlicht Logistik GmbH',
    legalForm: 'GmbH',
    country: 'DEU',
    industry: 'Freight transport by road',
  },
  {
    name: 'Soluciones Ibéricas S.L.',
    legalForm: 'Sociedad Limitada',
    country: 'ESP',
    industry: 'Software development',
  },
  {
    name: 'Thames Ledger Ltd',
    legalForm: 'Private limited company',
    country: 'GBR',
    industry: 'Financial services',
  },
  {
    name: 'Pão Quente Comércio Ltda.',
    legalForm: 'Sociedade Limitada',
    country: 'BRA',
    industry: 'Retail bakery',
  },
  { name: 'ООО «Северные Технологии»', legalForm: 'ООО', country: 'RUS', industry: 'IT consulting' },
  { name: '株式会社さくら商事', legalForm: '株式会社', country: 'JPN', industry: 'Wholesale trade' },
  { name: 'شركة الخليج للتجارة ذ.م.م', legalForm: 'ذ.م.م', country: 'ARE', industry: 'General trading' },
  { name: 'Ελληνική Ναυτιλιακή Α.Ε.', legalForm: 'Α.Ε.', country: 'GRC', industry: 'Maritime shipping' },
  {
    name: 'भारत सॉफ्टवेयर प्राइवेट लिमिटेड',
    legalForm: 'Private Limited',
    country: 'IND',
    industry: 'Software publishing',
  },
  {
    name: 'Lagos Fintech Hub Ltd',
    legalForm: 'Private limited company',
    country: 'NGA',
    industry: 'Payment services',
  },
];

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
