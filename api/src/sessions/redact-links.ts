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

// Every JSON string literal, from the start: outside strings JSON has no `"`, so a global scan never starts
// inside one.
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"/g;

/**
 * The JSON text with every bearer link replaced by `null`, everything else byte for byte as it was (the
 * stored body stays the document Didit sent, minus the links). Returns the input when there is none.
 */
export function redactLinksInJson(text: string): string {
  if (!/https?:/i.test(text)) return text;
  let lastKey: string | undefined;
  return text.replace(STRING_LITERAL, (literal, offset: number) => {
    // A key is followed by `:`; a value's key is the literal that came just before it.
    const after = text.slice(offset + literal.length, offset + literal.length + 8).trimStart();
    if (after.startsWith(':')) {
      lastKey = decode(literal);
      return literal;
    }
    const key = lastKey;
    lastKey = undefined;
    if (!/^"https?:/i.test(literal)) return literal;
    const value = decode(literal);
    return value !== undefined && isBearerLink(key, value) ? 'null' : literal;
  });
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
  const walk = (v: unknown, key: string | undefined): unknown => {
    if (typeof v === 'string') return isBearerLink(key, v) ? null : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, undefined));
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x, k);
      return out;
    }
    return v;
  };
  return walk(value, undefined) as T;
}
