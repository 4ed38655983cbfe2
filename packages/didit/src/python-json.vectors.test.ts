import { describe, expect, it } from 'vitest';
import vectors from './fixtures/canonical-json-vectors.json' with { type: 'json' };
import { canonicalize, parsePythonJson, pythonDumps } from './python-json.ts';

// Every expected text here was written by CPython's json module (fixtures/canonical-json-vectors.py),
// not by this code: the vectors are outside evidence of what Didit's server writes and signs.
const cases = vectors.vectors.flatMap((v) =>
  v.raws.map((raw, i) => ({ name: `${v.name} (spelling ${i})`, raw, v })),
);

describe(`canonical JSON against ${vectors.vectors.length} vectors from Python ${vectors.python}`, () => {
  it('has many vectors and spellings', () => {
    expect(vectors.vectors.length).toBeGreaterThan(450);
    expect(cases.length).toBeGreaterThan(1300);
  });

  it.each(cases)('canonicalizes $name as json.dumps does', ({ raw, v }) => {
    expect(canonicalize(raw)).toBe(v.canonical);
    // The exact parser gives the same text as the native fast path.
    expect(pythonDumps(parsePythonJson(raw), { shortenFloats: true })).toBe(v.canonical);
  });

  it.each(vectors.vectors)('re-serializes $name byte for byte as Didit writes it', (v) => {
    expect(pythonDumps(parsePythonJson(v.raws[0]!))).toBe(v.dumps);
  });
});
