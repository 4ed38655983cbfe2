import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The kernel imports no feature: `platform/` (errors, clock, logger, config, HTTP helpers, database and
 * pagination, jobs, metrics) may import itself, packages and `schema.ts` (the database's type, which
 * names every feature's tables), never a feature folder such as `auth/` or `sessions/`. Features depend
 * on the platform, so dependencies point one way.
 */
const SRC = path.resolve(import.meta.dirname, '..');
const PLATFORM = path.join(SRC, 'platform');
const ALLOWED_OUTSIDE_PLATFORM = new Set([path.join(SRC, 'schema.ts')]);

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

/** Relative specifiers of `import … from`, `export … from` and `import(…)`. */
function relativeImports(source: string): string[] {
  const found = source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g);
  return [...found].map((m) => m[1]!);
}

/** The feature files a platform file reaches into (empty when it keeps to the kernel). */
function featureImports(file: string, source: string): string[] {
  return relativeImports(source)
    .map((spec) => path.resolve(path.dirname(file), spec))
    .filter((target) => !target.startsWith(PLATFORM + path.sep) && !ALLOWED_OUTSIDE_PLATFORM.has(target))
    .map((target) => path.relative(SRC, target));
}

describe('the platform layer', () => {
  it('imports no feature folder', () => {
    const offenders = sourceFiles(PLATFORM).flatMap((file) =>
      featureImports(file, fs.readFileSync(file, 'utf8')).map((t) => `${path.relative(SRC, file)} -> ${t}`),
    );
    expect(offenders).toEqual([]);
  });

  it.each([
    ["import { x } from '../../auth/totp.ts';", ['auth/totp.ts']],
    ["import type { Role } from '../../authz/permissions.ts';", ['authz/permissions.ts']],
    ["export { y } from '../../sessions/sessions.repository.ts';", ['sessions/sessions.repository.ts']],
    ["const m = await import('../../users/users.service.ts');", ['users/users.service.ts']],
    ["import { AppError } from '../errors.ts';", []],
    ["import type { DB } from '../../schema.ts';", []],
    ["import { z } from 'zod';", []],
  ])('flags a feature import in %s', (line, expected) => {
    expect(featureImports(path.join(PLATFORM, 'http', 'x.ts'), line)).toEqual(expected);
  });
});
