import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/app.ts';
import { type LoggedIn, loginAs } from '../../../test/auth.ts';
import { createTestDatabase } from '../../../test/database.ts';
import type { Database } from '../db/database.ts';

// Regression (found by test/faults console-API fuzzing): `GET /api/sessions/%00/review` and
// `POST /api/sessions/%00/claim` answered 500: the id reached Postgres, which refuses NUL in text.

let database: Database;
let app: ReturnType<typeof createTestApp>;
let reviewer: LoggedIn;

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  reviewer = await loginAs(app, database, ['reviewer']);
});
afterAll(() => database.close());

describe('a NUL in client input', () => {
  it.each([
    ['GET', '/api/sessions/%00/review'],
    ['POST', '/api/sessions/%00/claim'],
    ['GET', '/api/sessions/a%00b/review'],
  ])('%s %s → 400 VALIDATION, not 500', async (method, path) => {
    const res = await app.request(path, { method, headers: reviewer.headers });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });
});
