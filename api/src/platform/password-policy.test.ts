import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.ts';
import { AppError } from './errors.ts';
import { assertPasswordAcceptable } from './password-policy.ts';

const refusal = (password: string, context: string[] = []) => {
  try {
    assertPasswordAcceptable(password, context);
    return undefined;
  } catch (e) {
    return e instanceof AppError ? e.code : String(e);
  }
};

describe('password policy', () => {
  it.each([
    ['whitespace only', ' \t          '],
    ['too short', 'Xk9#q'],
    ['a common password', 'password1234'],
    ['repeated characters', 'aaaaaaaaaaaaaaaa'],
    ['a keyboard walk', 'qwertyuiop123'],
    ['a sequence', 'abcdefghijkl1234'],
  ])('refuses %s with WEAK_PASSWORD', (_what, password) => {
    expect(refusal(password)).toBe('WEAK_PASSWORD');
  });

  it.each(['correct horse battery staple', 'a-long-passphrase-1', 'pw-3f9a8c7d6e5b4a3f2e1d0c9b'])(
    'accepts %s',
    (password) => {
      expect(refusal(password)).toBeUndefined();
    },
  );

  it('ADMIN_PASSWORD takes the same policy and stops start-up naming the variable', () => {
    expect(() => parseConfig({ ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'password1234' })).toThrow(
      ConfigError,
    );
    expect(() => parseConfig({ ADMIN_EMAIL: 'boss@example.test', ADMIN_PASSWORD: 'password1234' })).toThrow(
      /^ADMIN_PASSWORD: This password is too easy to guess/,
    );
  });
});
