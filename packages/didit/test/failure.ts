import { DiditError } from '../src/errors.ts';

/** Test support: the DiditError a call fails with (anything else, or success, fails the test). */
export async function failure(p: Promise<unknown>): Promise<DiditError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DiditError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
}
