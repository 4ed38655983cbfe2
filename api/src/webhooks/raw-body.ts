import { AppError } from '../errors.ts';

/** Didit's bodies are a few hundred KB at most (media are URLs); anything past this is refused. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/**
 * Reads the raw bytes before anything parses them, counting as they stream in, so a chunked body (no
 * Content-Length) is cut off at the limit just like a declared one. Throws PAYLOAD_TOO_LARGE.
 */
export async function readRawBody(req: Request, limit = WEBHOOK_BODY_LIMIT): Promise<Uint8Array> {
  const tooLarge = () => new AppError('PAYLOAD_TOO_LARGE', `Body exceeds ${limit} bytes`);
  const declared = req.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit)) throw tooLarge();
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: Awaited<ReturnType<typeof reader.read>>;
    try {
      chunk = await reader.read();
    } catch {
      // The client went away or sent a broken chunked encoding: bad input, never a 5xx.
      throw new AppError('VALIDATION', 'Request body could not be read');
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}
