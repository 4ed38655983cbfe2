import fc from 'fast-check';

/**
 * Property-generated requests for the console API, driven by its own OpenAPI document so every route is
 * covered as routes are added: path parameters, known query parameters (cursors, filters, limits, ids) and
 * unknown ones, with hostile values; JSON bodies for writes. The API must answer each with a 2xx or 4xx.
 */
interface ApiRoute {
  method: string;
  /** OpenAPI form: `/api/sessions/{id}`. */
  path: string;
  query: string[];
  params: string[];
}

interface OpenApiDoc {
  paths: Record<string, Record<string, { parameters?: Array<{ in: string; name: string }> }>>;
}

/** Routes that would end the fuzzing user's own sign-in, or that need a fresh second factor. */
const SKIP = [/^\/api\/auth\//];

export function routesFrom(doc: OpenApiDoc): ApiRoute[] {
  const out: ApiRoute[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    if (SKIP.some((re) => re.test(path))) continue;
    for (const [method, op] of Object.entries(ops)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const ps = op.parameters ?? [];
      out.push({
        method: method.toUpperCase(),
        path,
        query: ps.filter((p) => p.in === 'query').map((p) => p.name),
        params: ps.filter((p) => p.in === 'path').map((p) => p.name),
      });
    }
  }
  return out;
}

const hostile = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'true',
    'null',
    'undefined',
    '[]',
    '{}',
    '..',
    '../../etc/passwd',
    '%00',
    '\u0000',
    '\ud800',
    'Jose\u0301',
    'José',
    '😀',
    '𝄞',
    "' or 1=1 --",
    '"; drop table sessions; --',
    '\\',
    '%',
    '_',
    '*',
    'In Review',
    'IN_REVIEW',
    'user',
    'business',
    '2026-13-45',
    '2026-11-22T00:00:00Z',
    '9'.repeat(30),
    'a'.repeat(2_000),
    'eyJzIjoiMjAyNi0xMS0yMlQwMDowMDowMC4wMDBaIiwiaSI6IngifQ',
    'eyJ4IjoxfQ',
    '!!!',
    'MTIz',
    '3c90c3cc-0d44-4b50-8888-8dd25736052a',
  ),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.base64String({ maxLength: 80 }),
  fc.integer().map(String),
  fc.array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 10 }).map((a) => String.fromCharCode(...a)),
);

/** A JSON body with plausible and hostile values for the usual field names. */
const body = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":', '\u0000'),
  fc
    .dictionary(
      fc.constantFrom(
        'new_status',
        'comment',
        'status',
        'email',
        'name',
        'roles',
        'password',
        'share_token',
        'workflow_id',
        'vendor_data',
        'for_application_id',
        'ttl_in_seconds',
        'reason',
        'reason_codes',
        'code',
        'hit_id',
        'trust_review',
        'partner',
        'decision',
        'note',
        'x',
      ),
      fc.oneof(
        hostile,
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(hostile, { maxLength: 3 }),
        fc.object({ maxDepth: 2 }),
      ),
      { maxKeys: 6 },
    )
    .map((o) => JSON.stringify(o)),
);

export interface ApiCase {
  method: string;
  url: string;
  body: string | undefined;
  route: string;
}

function enc(v: string): string {
  // encodeURIComponent throws on a lone surrogate; send its replacement bytes rather than skip the case.
  try {
    return encodeURIComponent(v);
  } catch {
    return encodeURIComponent(v.replace(/[\ud800-\udfff]/g, '\ufffd'));
  }
}

export function apiCases(routes: ApiRoute[], knownIds: string[]): fc.Arbitrary<ApiCase> {
  const id = knownIds.length ? fc.oneof(fc.constantFrom(...knownIds), hostile) : hostile;
  return fc.constantFrom(...routes).chain((r) =>
    fc
      .record({
        params: fc.tuple(...(r.params.length ? r.params.map(() => id) : [fc.constant('')])),
        query: fc.uniqueArray(
          fc.tuple(
            fc.oneof(
              fc.constantFrom(...(r.query.length ? r.query : ['x'])),
              fc.constantFrom('cursor', 'limit', 'x', 'status[]', '__proto__'),
            ),
            hostile,
          ),
          {
            maxLength: 5,
            selector: ([k]) => k,
          },
        ),
        body: r.method === 'GET' ? fc.constant(undefined) : body,
      })
      .map(({ params, query, body }) => {
        let i = 0;
        const path = r.path.replace(/\{[^}]+\}/g, () => enc(params[i++] ?? ''));
        const qs = query.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
        return { method: r.method, url: qs ? `${path}?${qs}` : path, body, route: `${r.method} ${r.path}` };
      }),
  );
}
