import { rewriteJson, WALK_ON } from '../platform/json-rewrite.ts';

/**
 * Didit's decisions carry presigned media links (S3 `X-Amz-Signature`, the sandbox's `signature=`) and the
 * hosted-flow `session_url`: bearer links to ID images and to the user's verification, usable by anyone who
 * holds them. The console never needs them at rest — the media proxy asks Didit for a fresh decision each
 * time an image is viewed — so they are removed before an event is stored and from every API view.
 */

/** Keys whose value is a bearer link whatever it looks like: the hosted flow's URL holds the session's token. */
const LINK_KEYS = new Set(['session_url']);

/**
 * An absolute http(s) URL whose query signs it (S3 and GCS presigning, CloudFront, the sandbox's media):
 * other links (an AML hit's source article) are evidence a reviewer reads and stay.
 */
const SIGNED_LINK =
  /^https?:\/\/[^\s?#]+\?(?:[^#]*&)?(?:x-amz-signature|x-amz-credential|x-goog-signature|signature|sig|token|key-pair-id|expires)=/i;

export function isBearerLink(key: string | undefined, value: string): boolean {
  if (key !== undefined && LINK_KEYS.has(key)) return /^https?:\/\//i.test(value);
  return SIGNED_LINK.test(value);
}

/**
 * The JSON text with every bearer link replaced by `null`, everything else byte for byte as it was (the
 * stored body stays the document Didit sent, minus the links). Returns the input when there is none.
 *
 * Runs on every webhook (~11 KB, ~600 string literals), so it scans with `indexOf` and char codes and decodes
 * only what it must: a value literal that starts with `"http:`/`"https:`, and then the key before it. A key is
 * a literal followed by `:` (whitespace between); a value's key is the key literal just before it, unless
 * another value literal came between. Outside strings JSON has no `"`, so the scan never starts inside one.
 * Precondition: `text` is JSON (the intake parsed it first); an unterminated literal ends the scan.
 */
export function redactLinksInJson(text: string): string {
  if (!/https?:/i.test(text)) return text;
  const parts: string[] = [];
  let copied = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let start = text.indexOf('"');
  while (start !== -1) {
    const end = literalEnd(text, start);
    if (end === -1) break;
    if (followedByColon(text, end)) {
      keyStart = start;
      keyEnd = end;
    } else {
      if (startsWithHttp(text, start + 1)) {
        const value = decode(text.slice(start, end));
        const key = keyStart === -1 ? undefined : decode(text.slice(keyStart, keyEnd));
        if (value !== undefined && isBearerLink(key, value)) {
          parts.push(text.slice(copied, start), 'null');
          copied = end;
        }
      }
      keyStart = -1;
    }
    start = text.indexOf('"', end);
  }
  if (copied === 0) return text;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** The index just past the literal opening at `start` (its closing quote is one not escaped), or -1. */
function literalEnd(text: string, start: number): number {
  let from = start + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** JSON whitespace then `:` within the next 8 characters. */
function followedByColon(text: string, end: number): boolean {
  const limit = Math.min(end + 8, text.length);
  for (let k = end; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 58) return true;
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return false;
  }
  return false;
}

/** `http:` or `https:` at `at`, any case. */
function startsWithHttp(text: string, at: number): boolean {
  if ((text.charCodeAt(at) | 32) !== 104) return false; // h
  if ((text.charCodeAt(at + 1) | 32) !== 116 || (text.charCodeAt(at + 2) | 32) !== 116) return false; // tt
  if ((text.charCodeAt(at + 3) | 32) !== 112) return false; // p
  const c = text.charCodeAt(at + 4);
  return c === 58 || ((c | 32) === 115 && text.charCodeAt(at + 5) === 58); // ':' or 's:'
}

function decode(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** The same, over a parsed document (views of rows stored before redaction existed). */
export function redactLinks<T>(value: T): T {
  return rewriteJson(value, (key, v) =>
    typeof v === 'string' ? (isBearerLink(key, v) ? null : v) : WALK_ON,
  );
}
