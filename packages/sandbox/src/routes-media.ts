import { type Context, Hono } from 'hono';
import type { Core } from './core.ts';
import { UUID_RE } from './http.ts';
import { verifyMediaSignature } from './media.ts';
import { hashString } from './rng.ts';
import { wireStatus } from './statuses.ts';

function hue(sessionId: string): number {
  return hashString(sessionId) % 360;
}

function portrait(h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="300" viewBox="0 0 240 300"><rect width="240" height="300" fill="hsl(${h},35%,88%)"/><circle cx="120" cy="115" r="58" fill="hsl(${(h + 30) % 360},30%,62%)"/><ellipse cx="120" cy="290" rx="95" ry="85" fill="hsl(${(h + 200) % 360},35%,45%)"/><text x="120" y="292" font-family="sans-serif" font-size="14" text-anchor="middle" fill="#fff">SANDBOX</text></svg>`;
}

function card(h: number, side: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="428" height="270" viewBox="0 0 428 270"><rect x="4" y="4" width="420" height="262" rx="16" fill="hsl(${h},45%,82%)" stroke="hsl(${h},40%,40%)" stroke-width="3"/><text x="24" y="40" font-family="sans-serif" font-size="18" fill="hsl(${h},40%,25%)">SPECIMEN · ${side}</text>${side === 'FRONT' ? `<rect x="24" y="64" width="120" height="150" rx="6" fill="hsl(${(h + 30) % 360},30%,62%)"/>` : '<rect x="24" y="200" width="380" height="40" fill="#fff"/>'}<rect x="170" y="80" width="220" height="12" fill="hsl(${h},30%,55%)"/><rect x="170" y="110" width="180" height="12" fill="hsl(${h},30%,55%)"/><rect x="170" y="140" width="200" height="12" fill="hsl(${h},30%,55%)"/></svg>`;
}

function paper(h: number, title: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="420" viewBox="0 0 300 420"><rect width="300" height="420" fill="#fff" stroke="hsl(${h},20%,60%)"/><text x="24" y="44" font-family="serif" font-size="18" fill="hsl(${h},40%,30%)">${title}</text>${[80, 110, 140, 170, 200, 230, 260].map((y) => `<rect x="24" y="${y}" width="${200 + (y % 50)}" height="8" fill="#ccc"/>`).join('')}</svg>`;
}

function signature(h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100" viewBox="0 0 300 100"><rect width="300" height="100" fill="#fff"/><path d="M20 70 C 60 10, 90 90, 130 40 S 200 80, 280 30" stroke="hsl(${h},50%,25%)" stroke-width="3" fill="none"/></svg>`;
}

function video(h: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="240" height="300" viewBox="0 0 240 300"><rect width="240" height="300" fill="#111"/><circle cx="120" cy="140" r="60" fill="hsl(${h},30%,62%)"><animate attributeName="cx" values="100;140;100" dur="2s" repeatCount="indefinite"/></circle></svg>`;
}

function renderMedia(sessionId: string, file: string): string | undefined {
  const h = hue(sessionId);
  const name = file.replace(/\.svg$/, '');
  if (/portrait|face-|liveness-reference/.test(name)) return portrait(h);
  if (name.startsWith('document-front') || name === 'duplicate-front') return card(h, 'FRONT');
  if (name.startsWith('document-back')) return card(h, 'BACK');
  if (name === 'poa-document') return paper(h, 'Utility bill');
  if (name.startsWith('kyb-'))
    return paper(h, name === 'kyb-certificate' ? 'Certificate of incorporation' : 'Register of shareholders');
  if (name === 'nfc-signature') return signature(h);
  if (name === 'liveness-video') return video(h);
  return undefined;
}

const s3Error = (code: string, message: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

/** Presigned-style media (`expires` + `signature`, S3-like 403 when stale), and a stub hosted-flow page. */
export function mediaRoutes(core: Core): Hono {
  const r = new Hono();

  r.get('/media/:sid/:file', (c) => {
    const sid = c.req.param('sid');
    const file = c.req.param('file');
    const xml = { 'content-type': 'application/xml' };
    const check = UUID_RE.test(sid)
      ? verifyMediaSignature(
          core.store.mediaSecret,
          sid,
          c.req.query('expires'),
          c.req.query('signature'),
          Math.floor(core.clock.now().getTime() / 1000),
        )
      : 'bad_signature';
    if (check === 'expired') return c.body(s3Error('AccessDenied', 'Request has expired'), 403, xml);
    if (check !== 'ok') {
      return c.body(
        s3Error('SignatureDoesNotMatch', 'The request signature we calculated does not match.'),
        403,
        xml,
      );
    }
    const svg = renderMedia(sid, file);
    if (!svg) return c.body(s3Error('NoSuchKey', 'The specified key does not exist.'), 404, xml);
    return c.body(svg, 200, { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=60' });
  });

  const hosted = (token: string) => {
    const rec = [...core.store.sessions.values()].find((s) => s.token === token && !s.deleted);
    return rec;
  };
  const page = (c: Context) => {
    const rec = hosted(c.req.param('token') ?? '');
    if (!rec) return c.html('<!doctype html><title>Not found</title><p>Unknown session.</p>', 404);
    const status = wireStatus(rec, rec.status);
    return c.html(
      `<!doctype html><meta charset="utf-8"><title>Didit sandbox</title><h1>Didit sandbox verification</h1><p>Session ${rec.number} is <strong>${status}</strong>. In the sandbox, the user's steps are played by <code>sandbox_scenario</code>.</p>`,
    );
  };
  r.get('/session/:token', page);
  r.get('/:lang/session/:token', page);
  return r;
}
