import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../../test/app.ts';

// Regression (found by test/faults console-API fuzzing): `GET /api/sessions/%00/review` and
// `POST /api/sessions/%00/claim` answered 500: the id reached Postgres, which refuses NUL in text.

const ctx = useTestApp(
  {},
  {
    reviewer: [['reviewer']],
  },
);

describe('a NUL in client input', () => {
  it.each([
    ['GET', '/api/sessions/%00/review'],
    ['POST', '/api/sessions/%00/claim'],
    ['GET', '/api/sessions/a%00b/review'],
  ])('%s %s → 400 VALIDATION, not 500', async (method, path) => {
    const res = await ctx.app.request(path, { method, headers: ctx.as.reviewer.headers });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });
});
