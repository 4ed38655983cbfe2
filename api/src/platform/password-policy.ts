import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import { AppError } from './errors.ts';

const PASSWORD_MIN_LENGTH = 12;
/** Hashing a megabyte "password" would be a cheap way to burn CPU. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * zxcvbn's scale: 3 is "safely unguessable: moderate protection from an offline slow-hash scenario"
 * (about 10^10 guesses). Below that: common passwords, keyboard walks, repeats, dates, l33t variants.
 */
const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;
// Built on first use: the common-password dictionaries take a moment to load, and most processes never set one.
const getEstimator = () =>
  (estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary },
    graphs: common.adjacencyGraphs,
  }));

/**
 * Every path that sets a password goes through here (user create over the API, `pnpm user:create`,
 * ADMIN_PASSWORD). `context` (the account's email and name) counts as guessable words.
 */
export function assertPasswordAcceptable(password: string, context: string[] = []): void {
  if (password.length > PASSWORD_MAX_LENGTH) throw new AppError('VALIDATION', 'The password is too long');
  if (password.trim() === '') {
    throw new AppError('WEAK_PASSWORD', 'The password cannot be only spaces');
  }
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new AppError('WEAK_PASSWORD', `The password needs at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  const words = context.flatMap((c) => c.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter((w) => w.length >= 3);
  const result = getEstimator().check(password, words);
  if (result.score < MIN_PASSWORD_SCORE) {
    const hint = result.feedback.warning ? ` (${describeWarning(result.feedback.warning)})` : '';
    throw new AppError(
      'WEAK_PASSWORD',
      `This password is too easy to guess${hint}; use a longer passphrase of unrelated words`,
      { score: result.score, min_score: MIN_PASSWORD_SCORE },
    );
  }
}

/** zxcvbn-ts's warnings are translation keys; without a language pack, say them in plain words. */
function describeWarning(key: string): string {
  const known: Record<string, string> = {
    simpleRepeat: 'repeated characters',
    extendedRepeat: 'repeated patterns',
    sequences: 'a sequence like abc or 123',
    straightRow: 'a row of keys',
    keyPattern: 'a keyboard pattern',
    recentYears: 'a recent year',
    dates: 'a date',
    topTen: 'one of the most common passwords',
    topHundred: 'a very common password',
    common: 'a common password',
    similarToCommon: 'close to a common password',
    wordByItself: 'a single word',
    namesByThemselves: 'a name',
    commonNames: 'a common name',
    userInputs: 'your own email or name',
    pwned: 'a password seen in breaches',
  };
  return known[key] ?? 'a guessable pattern';
}
