import type { IncomingMessage } from 'node:http';
import { AppError } from '../platform/errors.ts';

/** Didit's bodies are a few hundred KB at most (media are URLs); anything past this is refused. */
const WEBHOOK_BODY_LIMIT = 1024 * 1024;

/** How much of a refused body is drained (to answer 413 on a live connection) before the socket is dropped. */
const DRAIN_LIMIT_FACTOR = 4;

const tooLarge = (limit: number) => new AppError('PAYLOAD_TOO_LARGE', `Body exceeds ${limit} bytes`);
const unreadable = () => new AppError('VALIDATION', 'Request body could not be read');

/**
 * Reads the raw bytes before anything parses them, counting as they stream in, so a chunked body (no
 * Content-Length) is cut off at the limit just like a declared one. Throws PAYLOAD_TOO_LARGE.
 *
 * Under Node, pass the request's `IncomingMessage` (Hono's `c.env.incoming`): its chunks are read directly,
 * without building a web `ReadableStream` over it — a measurable share of the intake's CPU per webhook.
 */
export async function readRawBody(
  req: Request,
  limit = WEBHOOK_BODY_LIMIT,
  incoming?: IncomingMessage,
): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && (!/^\d+$/.test(declared.trim()) || Number(declared) > limit))
    throw tooLarge(limit);
  if (incoming && !incoming.readableDidRead) return readIncoming(incoming, limit);
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
      throw unreadable();
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

function readIncoming(incoming: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise<Uint8Array>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onFail);
      incoming.off('close', onClose);
    };
    let refused = false;
    const onData = (chunk: Buffer) => {
      total += chunk.byteLength;
      if (refused) {
        // Past the limit: the rest is read and dropped so the 413 reaches the client (destroying the socket
        // now would reset the connection before the answer); a body that keeps coming is cut off.
        if (total > DRAIN_LIMIT_FACTOR * limit) {
          cleanup();
          incoming.destroy();
        }
        return;
      }
      if (total > limit) {
        refused = true;
        chunks.length = 0;
        incoming.off('end', onEnd);
        incoming.off('error', onFail);
        incoming.off('close', onClose);
        reject(tooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total));
    };
    const onFail = () => {
      cleanup();
      reject(unreadable());
    };
    // 'close' before 'end': the client went away mid-body.
    const onClose = () => {
      if (!incoming.complete) onFail();
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onFail);
    incoming.on('close', onClose);
  });
}
