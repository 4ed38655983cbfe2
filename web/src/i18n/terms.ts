import type { MessageKey } from './catalog.ts';
import { hasMessage, translate } from './current.ts';

/**
 * A code the console shows in its own words: a Didit value (i18n/didit.ts), an API reason code, a media kind,
 * a recorded field name. The catalog names it when it has the code's message; a code it does not know yet
 * shows as the caller's fallback (the server's label, or the code itself as data). The raw code goes on hover:
 * what a reviewer quotes to support or finds in the docs.
 */
export interface TermText {
  /** The catalog's words for the code, else the fallback. */
  label: string;
  /** The hover text naming the raw code; undefined for an empty code. */
  title: string | undefined;
  /** Whether the catalog knows the code. */
  known: boolean;
}

/**
 * The message of `code` in a looked-up family (`'case.reason.*'` → `case.reason.<code>`), if the active
 * catalog has it. A family is written as a whole `'ns.prefix.*'` literal at its caller, so the catalog check
 * counts its keys as used.
 */
export function familyKey(family: `${string}.*`, code: string | null | undefined): MessageKey | undefined {
  const id = `${family.slice(0, -1)}${code ?? ''}`;
  return code && hasMessage(id) ? (id as MessageKey) : undefined;
}

/** `raw` as the console shows it: the words of `key` when there is one, else `fallback`; `raw` on hover. */
export function termText(
  key: MessageKey | undefined,
  raw: string | null | undefined,
  fallback: string,
): TermText {
  const value = (raw ?? '').trim();
  return {
    label: key ? translate(key) : fallback,
    title: value ? translate('didit.raw_value', { value }) : undefined,
    known: key !== undefined,
  };
}
