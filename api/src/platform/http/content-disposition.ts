/**
 * A `Content-Disposition: attachment` value that Node's `http` always accepts, whatever the file name holds.
 * Node refuses a header value with a character outside Latin-1 or with CR/LF (ERR_INVALID_CHAR), and it does so
 * while writing the response, after the route returned: a name built from request or stored data (a session
 * id from a webhook, a batch id) turned a finished report into a 500 on the real server only. The quoted
 * `filename` keeps printable ASCII (anything else, quotes and backslashes become `_`); the exact name follows as
 * RFC 6266 / RFC 8187 `filename*=UTF-8''…` when the two differ.
 */
export function attachmentDisposition(filename: string): string {
  const wellFormed = filename.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
  const ascii = wellFormed.replace(/[^\x20-\x7e]|["\\]/gu, '_');
  if (ascii === filename) return `attachment; filename="${ascii}"`;
  const extended = encodeURIComponent(wellFormed).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${extended}`;
}
