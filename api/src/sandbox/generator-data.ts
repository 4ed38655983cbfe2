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

export const COUNTRIES = {
  ESP: {
    alpha3: 'ESP',
    alpha2: 'ES',
    name: 'Spain',
    phonePrefix: '+34',
    language: 'es',
    cities: [
      {
        city: 'Madrid',
        region: 'Comunidad de Madrid',
        postal: '28013',
        street: 'Calle Mayor 12',
        lat: 40.4153,
        lng: -3.7074,
      },
      {
        city: 'Barcelona',
        region: 'Cataluña',
        postal: '08002',
        street: 'Carrer de la Boqueria 3',
        lat: 41.3818,
        lng: 2.1734,
      },
    ],
  },
  DEU: {
    alpha3: 'DEU',
    alpha2: 'DE',
    name: 'Germany',
    phonePrefix: '+49',
    language: 'de',
    cities: [
      {
        city: 'München',
        region: 'Bayern',
        postal: '80331',
        street: 'Marienplatz 8',
        lat: 48.1374,
        lng: 11.5755,
      },
    ],
  },
  FRA: {
    alpha3: 'FRA',
    alpha2: 'FR',
    name: 'France',
    phonePrefix: '+33',
    language: 'fr',
    cities: [
      {
        city: 'Lyon',
        region: 'Auvergne-Rhône-Alpes',
        postal: '69002',
        street: '14 Rue de la République',
        lat: 45.7606,
        lng: 4.8357,
      },
    ],
  },
  GBR: {
    alpha3: 'GBR',
    alpha2: 'GB',
    name: 'United Kingdom',
    phonePrefix: '+44',
    language: 'en',
    cities: [
      {
        city: 'London',
        region: 'England',
        postal: 'EC2V 7HH',
        street: '1 Gresham Street',
        lat: 51.5152,
        lng: -0.0933,
      },
    ],
  },
  BRA: {
    alpha3: 'BRA',
    alpha2: 'BR',
    name: 'Brazil',
    phonePrefix: '+55',
    language: 'pt',
    cities: [
      {
        city: 'São Paulo',
        region: 'SP',
        postal: '01310-100',
        street: 'Avenida Paulista 1578',
        lat: -23.5614,
        lng: -46.6559,
      },
    ],
  },
  NGA: {
    alpha3: 'NGA',
    alpha2: 'NG',
    name: 'Nigeria',
    phonePrefix: '+234',
    language: 'en',
    cities: [
      {
        city: 'Lagos',
        region: 'Lagos',
        postal: '101241',
        street: '12 Adeola Odeku Street',
        lat: 6.4281,
        lng: 3.4219,
      },
    ],
  },
  RUS: {
    alpha3: 'RUS',
    alpha2: 'RU',
    name: 'Russian Federation',
    phonePrefix: '+7',
    language: 'ru',
    cities: [
      {
        city: 'Москва',
        region: 'Москва',
        postal: '125009',
        street: 'ул. Тверская, 7',
        lat: 55.7577,
        lng: 37.6136,
      },
    ],
  },
  UKR: {
    alpha3: 'UKR',
    alpha2: 'UA',
    name: 'Ukraine',
    phonePrefix: '+380',
    language: 'uk',
    cities: [
      {
        city: 'Київ',
        region: 'Київ',
        postal: '01001',
        street: 'вул. Хрещатик, 22',
        lat: 50.4474,
        lng: 30.5225,
      },
    ],
  },
  SAU: {
    alpha3: 'SAU',
    alpha2: 'SA',
    name: 'Saudi Arabia',
    phonePrefix: '+966',
    language: 'ar',
    cities: [
      {
        city: 'الرياض',
        region: 'منطقة الرياض',
        postal: '12211',
        street: 'طريق الملك فهد 45',
        lat: 24.7136,
        lng: 46.6753,
      },
    ],
  },
  ARE: {
    alpha3: 'ARE',
    alpha2: 'AE',
    name: 'United Arab Emirates',
    phonePrefix: '+971',
    language: 'ar',
    cities: [
      {
        city: 'دبي',
        region: 'دبي',
        postal: '00000',
        street: 'شارع الشيخ زايد 101',
        lat: 25.2048,
        lng: 55.2708,
      },
    ],
  },
  JPN: {
    alpha3: 'JPN',
    alpha2: 'JP',
    name: 'Japan',
    phonePrefix: '+81',
    language: 'ja',
    cities: [
      {
        city: '東京都',
        region: '千代田区',
        postal: '100-0005',
        street: '丸の内1-9-1',
        lat: 35.6812,
        lng: 139.7671,
      },
    ],
  },
  CHN: {
    alpha3: 'CHN',
    alpha2: 'CN',
    name: 'China',
    phonePrefix: '+86',
    language: 'zh',
    cities: [
      {
        city: '上海市',
        region: '黄浦区',
        postal: '200001',
        street: '南京东路100号',
        lat: 31.2304,
        lng: 121.4737,
      },
    ],
  },
  GRC: {
    alpha3: 'GRC',
    alpha2: 'GR',
    name: 'Greece',
    phonePrefix: '+30',
    language: 'el',
    cities: [
      {
        city: 'Αθήνα',
        region: 'Αττική',
        postal: '105 57',
        street: 'Οδός Ερμού 15',
        lat: 37.9755,
        lng: 23.7348,
      },
    ],
  },
  IND: {
    alpha3: 'IND',
    alpha2: 'IN',
    name: 'India',
    phonePrefix: '+91',
    language: 'hi',
    cities: [
      {
        city: 'नई दिल्ली',
        region: 'दिल्ली',
        postal: '110001',
        street: 'कनॉट प्लेस 12',
        lat: 28.6315,
        lng: 77.2167,
      },
    ],
  },
} as const satisfies Record<string, Country>;

export type CountryCode = keyof typeof COUNTRIES;

export type Script = 'latin' | 'cyrillic' | 'arabic' | 'cjk' | 'greek' | 'devanagari';

export interface PersonSeed {
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
