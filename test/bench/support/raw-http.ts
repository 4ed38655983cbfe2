import net from 'node:net';

/**
 * The intake bench's load generator: HTTP/1.1 over one keep-alive socket, one request at a time, each request
 * serialized up front. Node's `http` client spends about as much CPU per request as the server does, on the
 * same two cores; this one only writes bytes and reads a status line and a body length, as a load tool such
 * as wrk would, so the figures describe the server rather than the client.
 */
export class RawHttpConnection {
  #buf: Buffer = Buffer.alloc(0);
  #waiting: { resolve: (status: number) => void; reject: (err: Error) => void } | undefined;

  private constructor(private readonly socket: net.Socket) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
      this.#parse();
    });
    const fail = (err: Error) => {
      const w = this.#waiting;
      this.#waiting = undefined;
      w?.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  static open(host: string, port: number): Promise<RawHttpConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new RawHttpConnection(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends one serialized request; resolves with the response's status once the whole response is in. */
  send(request: Buffer): Promise<number> {
    if (this.#waiting) return Promise.reject(new Error('one request at a time'));
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.socket.write(request);
    });
  }

  close() {
    this.socket.destroy();
  }

  #parse() {
    const end = this.#buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const head = this.#buf.subarray(0, end).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let total: number;
    if (length) {
      total = end + 4 + Number(length[1]);
      if (this.#buf.length < total) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const last = this.#buf.indexOf('0\r\n\r\n', end + 4);
      if (last < 0) return;
      total = last + 5;
    } else {
      total = end + 4;
    }
    this.#buf = this.#buf.subarray(total);
    const w = this.#waiting;
    this.#waiting = undefined;
    w?.resolve(status);
  }
}

/** A POST with a body, serialized once (the connection is kept alive). */
export function serializePost(url: URL, headers: Record<string, string>, body: string): Buffer {
  const bytes = Buffer.from(body, 'utf8');
  const lines = [`POST ${url.pathname} HTTP/1.1`, `Host: ${url.host}`, `Content-Length: ${bytes.length}`];
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}
