import { describe, expect, it } from 'vitest';
import {
  decodeShareToken,
  isShareable,
  readMintedToken,
  secondsLeft,
  tokenFingerprint,
} from './share-token.ts';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const jwt = (payload: unknown, header: unknown = { alg: 'HS256', typ: 'JWT' }) =>
  `${b64(header)}.${b64(payload)}.c2lnbmF0dXJl`;

const claims = {
  session_id: '11111111-2222-3333-4444-555555555555',
  session_kind: 'business',
  from_application_id: 'aaaaaaaa-0000-0000-0000-000000000001',
  for_application_id: 'bbbbbbbb-0000-0000-0000-000000000002',
  iat: 1_800_000_000,
  exp: 1_800_003_600,
};

describe('decodeShareToken', () => {
  it('reads the documented claims and fingerprints the token', () => {
    const token = jwt(claims);
    const d = decodeShareToken(token);
    expect(d.claims).toEqual(claims);
    expect(d.token).toBe(token);
    expect(d.fingerprint).toBe(tokenFingerprint(token));
    expect(d.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('removes whitespace a paste brings and fingerprints what is sent', () => {
    const token = jwt(claims);
    const pasted = `  ${token.slice(0, 20)}\n${token.slice(20)}\r\n`;
    expect(decodeShareToken(pasted).fingerprint).toBe(tokenFingerprint(token));
  });

  it('treats a token without session_kind as a KYC token and drops undocumented claims', () => {
    const { session_kind: _, ...rest } = claims;
    const d = decodeShareToken(jwt({ ...rest, email: 'someone@example.com' }));
    expect(d.claims.session_kind).toBe('user');
    expect(d.claims).not.toHaveProperty('email');
  });

  it.each([
    ['empty', ''],
    ['not a JWT', 'hello'],
    ['two parts', `${b64({ alg: 'HS256' })}.${b64(claims)}`],
    ['payload not JSON', `${b64({ alg: 'HS256' })}.bm90IGpzb24.sig`],
    ['header without alg', jwt(claims, { typ: 'JWT' })],
    ['no session_id', jwt({ ...claims, session_id: undefined })],
    ['too long', `${jwt(claims)}${'a'.repeat(5000)}`],
  ])('refuses %s with SHARE_TOKEN_MALFORMED', (_name, token) => {
    expect(() => decodeShareToken(token)).toThrow(expect.objectContaining({ code: 'SHARE_TOKEN_MALFORMED' }));
  });

  it('keeps the fingerprint of a minted token whose claims it cannot read', () => {
    expect(readMintedToken('opaque')).toEqual({ fingerprint: tokenFingerprint('opaque'), claims: null });
  });

  it('counts seconds left from exp', () => {
    expect(secondsLeft(claims as never, new Date(1_800_000_000_000))).toBe(3600);
    expect(secondsLeft(claims as never, new Date(1_800_003_601_000))).toBe(-1);
  });
});

describe('isShareable', () => {
  it.each([
    ['Approved', true],
    ['Declined', true],
    ['In Review', true],
    ['APPROVED', true],
    ['IN_REVIEW', true],
    ['in review', true],
    ['Not Started', false],
    ['In Progress', false],
    ['Resubmitted', false],
    ['Abandoned', false],
    ['Kyc Expired', false],
    ['KYC_EXPIRED', false],
    ['AWAITING_USER', false],
  ])('%s → %s', (status, ok) => {
    expect(isShareable(status)).toBe(ok);
  });
});
