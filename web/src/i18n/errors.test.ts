import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, errorMessage } from '../api/client.ts';
import { translate } from './current.ts';
import { diditLabel } from './didit.ts';
import { errorCodeText } from './errors.ts';
import { installTestCatalog } from './testing.ts';

/** Every error code the server sends: the keys of `ERROR_STATUS` in the API's platform/errors.ts. */
function serverErrorCodes(): string[] {
  const source = readFileSync(new URL('../../../api/src/platform/errors.ts', import.meta.url), 'utf8');
  const table = /export const ERROR_STATUS = \{([^}]*)\}/.exec(source)?.[1] ?? '';
  return [...table.matchAll(/^\s*([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!);
}

/** The web shows an API error by its code, in the chosen language; the server's English stays on the error. */
afterEach(() => installTestCatalog('en'));

const apiError = (code: string, details?: Record<string, unknown>) =>
  new ApiError(409, code, 'the server’s own English', 'req-1', details);

describe('errorMessage', () => {
  it('gives the catalog message of the code, not the server’s prose', () => {
    installTestCatalog('en');
    expect(errorMessage(apiError('CSRF'))).toMatch(/^The console refused the request/);
    installTestCatalog('sw');
    expect(errorMessage(apiError('CSRF'))).toMatch(/^Dashibodi imekataa ombi hili/);
    expect(apiError('CSRF').message).toBe('the server’s own English');
  });

  it('names the refused field of a VALIDATION error and the holder of a claim', () => {
    installTestCatalog('sw');
    expect(errorMessage(apiError('VALIDATION', { issues: [{ path: 'ttl_in_seconds', message: 'x' }] }))).toBe(
      'Thamani ya “ttl_in_seconds” si sahihi. Ikague kisha ujaribu tena.',
    );
    expect(errorMessage(apiError('CLAIMED_BY_OTHER', { holder: { name: 'Rui Reviewer' } }))).toBe(
      'Rui Reviewer anaipitia kesi hii.',
    );
  });

  it.each(['en', 'sw'] as const)('has its own words for every code the server sends (%s)', (locale) => {
    installTestCatalog(locale);
    const codes = serverErrorCodes();
    expect(codes.length).toBeGreaterThan(40);
    const generic = (code: string) => translate('errors.unknown_code', { code, status: 409 });
    expect(codes.filter((code) => errorCodeText(code, 409) === generic(code))).toEqual([]);
  });

  it('still says something for a code it does not know, and keeps a page’s own translated Error', () => {
    installTestCatalog('en');
    expect(errorMessage(apiError('SOMETHING_NEW'))).toBe('The request failed (SOMETHING_NEW, HTTP 409).');
    expect(errorMessage(new Error('Barua pepe au nenosiri si sahihi.'))).toBe(
      'Barua pepe au nenosiri si sahihi.',
    );
  });
});

describe('diditLabel', () => {
  it('translates Didit’s vocabulary in either casing and keeps unknown codes readable', () => {
    installTestCatalog('sw');
    expect(diditLabel('status', 'In Review')).toBe('Inapitiwa');
    expect(diditLabel('status', 'IN_REVIEW')).toBe('Inapitiwa');
    expect(diditLabel('risk', 'DOCUMENT_EXPIRED')).toBe('Muda wa hati umeisha');
    expect(diditLabel('dataset', 'Adverse Media')).toBe('Habari hasi kwenye vyombo vya habari');
    expect(diditLabel('check', 'face_matches')).toBe('Kulinganisha uso');
    expect(diditLabel('risk', 'SOME_NEW_RISK')).toBe('Some New Risk');
  });
});
