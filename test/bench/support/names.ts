import type { Script } from '@console/sandbox/generator-data';

/**
 * Varied names for a million seeded sessions. The generator draws from a handful of people (fine for a
 * demo, useless for measuring search: every name would match tens of thousands of rows), so each seeded
 * row gets a name built from per-script pools: a few thousand surnames per script, like a real customer base.
 */
const FIRST: Record<Script, string[]> = {
  latin: [
    'Carmen',
    'José',
    'Jürgen',
    'Chloé',
    'Emily',
    'João',
    'Ngozi',
    'Alejandro',
    'Lucía',
    'Matteo',
    'Sofia',
    'Liam',
    'Zoë',
    'Mateus',
    'Agnieszka',
    'Oskar',
    'Ana',
    'Pierre',
    'Ingrid',
    'Tomás',
    'Émile',
    'Hannah',
    'Björn',
    'Inês',
  ],
  cyrillic: [
    'Иван',
    'Олена',
    'Дмитрий',
    'Анна',
    'Сергей',
    'Мария',
    'Алексей',
    'Наталья',
    'Богдан',
    'Ирина',
    'Павел',
    'Ксения',
  ],
  arabic: ['محمد', 'فاطمة', 'أحمد', 'مريم', 'يوسف', 'ليلى', 'خالد', 'نور', 'عمر', 'سارة'],
  cjk: ['太郎', '秀英', '花子', '伟', '芳', '翔太', '美咲', '浩然', '静', '大輔', '陽菜', '志强'],
  greek: ['Γιώργος', 'Ελένη', 'Νίκος', 'Μαρία', 'Δημήτρης', 'Κατερίνα', 'Κώστας', 'Σοφία'],
  devanagari: ['अर्जुन', 'प्रिया', 'राहुल', 'अनीता', 'विकास', 'सुनीता', 'अमित', 'पूजा'],
};
const SYLLABLES: Record<Script, [string[], string[], string[]]> = {
  latin: [
    [
      'Mar',
      'Ber',
      'Lo',
      'San',
      'Fer',
      'Gar',
      'Kow',
      'Ols',
      'Ni',
      'Ro',
      'Va',
      'Del',
      'Ca',
      'Mo',
      'Ta',
      'Ri',
      'Ha',
      'Je',
      'Pe',
      'Al',
    ],
    [
      'te',
      'lin',
      'ra',
      'do',
      'mi',
      'ce',
      'vá',
      'no',
      'ke',
      'lu',
      'sa',
      'ri',
      'ga',
      'be',
      'to',
      'ze',
      'hu',
      'mé',
      'po',
      'di',
    ],
    ['ez', 'son', 'ski', 'ini', 'ova', 'er', 'ard', 'eau', 'ić', 'es', 'os', 'man'],
  ],
  cyrillic: [
    [
      'Пет',
      'Ива',
      'Сми',
      'Кузь',
      'Соко',
      'Лебе',
      'Коз',
      'Нови',
      'Мор',
      'Вол',
      'Зай',
      'Пав',
      'Сем',
      'Бог',
      'Вас',
    ],
    ['ро', 'ла', 'да', 'ми', 'це', 'ки', 'ло', 'ре', 'ша', 'ту', 'бо', 'жа'],
    ['ров', 'нов', 'дев', 'ский', 'енко', 'ин', 'ёв', 'ук', 'чук', 'лов'],
  ],
  arabic: [
    ['ال'],
    ['عتي', 'هاش', 'قاس', 'زهر', 'نعي', 'رشي', 'سعو', 'حمد', 'خطي', 'جبو', 'فار', 'منص', 'بكر', 'شمر', 'دوس'],
    ['بي', 'مي', 'دي', 'ري', 'ني', 'في', 'وي', 'زي', 'لي', 'جي', 'سي', 'كي'],
  ],
  cjk: [
    [
      '山',
      '王',
      '李',
      '張',
      '田',
      '佐',
      '高',
      '中',
      '小',
      '林',
      '陳',
      '劉',
      '鈴',
      '吉',
      '松',
      '黄',
      '趙',
      '周',
      '吳',
      '徐',
    ],
    ['田', '本', '藤', '川', '村', '井', '木', '野', '原', '口', '島', '崎', '', '', '', ''],
    [''],
  ],
  greek: [
    ['Πα', 'Κων', 'Νι', 'Γε', 'Δη', 'Αλε', 'Ιω', 'Χρι', 'Μα', 'Στα', 'Βα', 'Θε'],
    ['πα', 'στα', 'κο', 'λα', 'ρο', 'δο', 'μι', 'νο', 'τσο', 'γι'],
    ['δόπουλος', 'ντίνου', 'λάκης', 'ίδης', 'άτος', 'ίου', 'ας', 'όγλου'],
  ],
  devanagari: [
    ['श', 'प', 'व', 'गु', 'मे', 'रा', 'सि', 'कु', 'जो', 'अग'],
    ['र्', 'टे', 'र्मा', 'प्', 'ह', 'ठौ', 'न्', 'मा', 'शी', 'द'],
    ['मा', 'ल', 'ता', 'ड़', 'र', 'री', 'वाल', 'ना'],
  ],
};

/** A tiny deterministic generator (mulberry32): the same row always gets the same name. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

export function personName(r: () => number, script: Script): { first: string; last: string } {
  const [a, b, c] = SYLLABLES[script];
  return { first: pick(r, FIRST[script]), last: `${pick(r, a)}${pick(r, b)}${pick(r, c)}` };
}

const COMPANY_WORDS = [
  'Nordic',
  'Atlas',
  'Meridian',
  'Solaris',
  'Vertex',
  'Harbor',
  'Quantum',
  'Aurora',
  'Cobalt',
  'Granite',
  'Helix',
  'Lumen',
  'Orbit',
  'Pioneer',
  'Summit',
  'Tidal',
  'Vanguard',
  'Zenith',
  'Kestrel',
  'Boreal',
];
const COMPANY_KINDS = [
  'Logistics',
  'Capital',
  'Trading',
  'Holdings',
  'Labs',
  'Foods',
  'Energy',
  'Systems',
  'Partners',
  'Retail',
];
const COMPANY_SUFFIX = ['S.L.', 'GmbH', 'Ltd', 'SAS', 'B.V.', 'Inc.', 'AB', 'S.p.A.'];

export function companyName(r: () => number): string {
  return `${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_WORDS)} ${pick(r, COMPANY_KINDS)} ${pick(r, COMPANY_SUFFIX)}`;
}
