import type { PyValue } from '@console/didit/python-json';
import { Hono } from 'hono';
import { appOf, type Core, type SandboxEnv } from './core.ts';
import type { Obj } from './generator-context.ts';
import { fieldError, notFound, pyJson, readJsonObject, UUID_RE } from './http.ts';
import type { DestinationRecord } from './store.ts';
import { WEBHOOK_EVENTS } from './webhooks.ts';

const VERSIONS = ['v1', 'v2', 'v3'];
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/i;

function validUrl(v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') throw fieldError('url', 'This field is required.');
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw fieldError('url', 'Enter a valid URL.');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw fieldError('url', 'Enter a valid URL.');
  // Didit takes public HTTPS only; the sandbox delivers on this machine only, so it takes loopback only.
  if (!LOOPBACK.test(u.hostname)) {
    throw fieldError(
      'url',
      'The sandbox delivers webhooks to loopback addresses only (127.0.0.0/8, localhost, [::1]).',
    );
  }
  return v;
}

function validEvents(v: unknown): string[] {
  if (!Array.isArray(v) || v.length === 0) {
    throw fieldError('subscribed_events', 'Subscribe to at least one event; an empty list is not allowed.');
  }
  for (const e of v) {
    if (typeof e !== 'string' || !(WEBHOOK_EVENTS as readonly string[]).includes(e)) {
      throw fieldError('subscribed_events', `"${String(e)}" is not a valid choice.`);
    }
  }
  return [...new Set(v as string[])];
}

/** `/v3/webhook/destinations/` (docs/didit.md §3.1): create, list, get, update, soft delete. */
export function destinationRoutes(core: Core): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();

  const metrics = (d: DestinationRecord) => {
    const rows = core.dispatcher.records.filter((x) => x.destination_id === d.uuid);
    const failed = rows.filter((x) => x.status === undefined || x.status < 200 || x.status >= 300).length;
    const times = rows.map((x) => x.duration_ms);
    return {
      total: rows.length,
      failed,
      rate: rows.length === 0 ? 0 : Math.round((failed / rows.length) * 10_000) / 100,
      min: times.length ? Math.min(...times) : 0,
      avg: times.length ? Math.round(times.reduce((a, b) => a + b, 0) / times.length) : 0,
      max: times.length ? Math.max(...times) : 0,
      last: rows.length ? rows[rows.length - 1]!.at : null,
    };
  };

  const common = (d: DestinationRecord): Obj => ({
    uuid: d.uuid,
    label: d.label,
    url: d.url,
    enabled: d.enabled,
    webhook_version: d.webhookVersion,
    subscribed_events: d.subscribedEvents,
    created_at: d.createdAt.toISOString(),
    updated_at: d.updatedAt.toISOString(),
  });

  const detail = (d: DestinationRecord): PyValue => {
    const m = metrics(d);
    return {
      ...common(d),
      secret_shared_key: d.secret,
      summary: {
        total_deliveries: m.total,
        failed_deliveries: m.failed,
        error_rate_percentage: m.rate,
        min_response_time_ms: m.min,
        avg_response_time_ms: m.avg,
        max_response_time_ms: m.max,
        last_delivery_at: m.last,
      },
    };
  };

  // The list never carries the secret (docs: list-destinations), only its last four characters.
  const listItem = (d: DestinationRecord): PyValue => {
    const m = metrics(d);
    return {
      ...common(d),
      secret_last4: d.secret.slice(-4),
      metrics_window_days: 30,
      deliveries_count: m.total,
      failed_deliveries_count: m.failed,
      average_response_time_ms: m.avg,
      error_rate_percentage: m.rate,
      last_delivery_at: m.last,
    };
  };

  const find = (c: Parameters<typeof appOf>[0]): DestinationRecord => {
    const id = c.req.param('uuid') ?? '';
    const d = UUID_RE.test(id) ? core.store.destinations.get(id.toLowerCase()) : undefined;
    if (!d || d.deleted || d.app !== appOf(c)) throw notFound();
    return d;
  };

  const assertUnique = (d: { url: string; uuid?: string }, app: DestinationRecord['app']) => {
    if (core.store.liveDestinations(app).some((x) => x.url === d.url && x.uuid !== d.uuid)) {
      throw fieldError('url', 'A webhook destination with this URL already exists for this application.');
    }
  };

  r.get('/v3/webhook/destinations/', (c) => {
    const rows = core.store
      .liveDestinations(appOf(c))
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    return pyJson(c, 200, rows.map(listItem));
  });

  r.post('/v3/webhook/destinations/', async (c) => {
    const app = appOf(c);
    const body = await readJsonObject(c);
    if (typeof body.label !== 'string' || body.label.trim() === '')
      throw fieldError('label', 'This field is required.');
    const url = validUrl(body.url);
    const enabled = body.enabled ?? true;
    if (typeof enabled !== 'boolean') throw fieldError('enabled', 'Must be a valid boolean.');
    const version = body.webhook_version ?? 'v3';
    if (typeof version !== 'string' || !VERSIONS.includes(version)) {
      throw fieldError('webhook_version', `"${String(version)}" is not a valid choice.`);
    }
    const events = body.subscribed_events === undefined ? [] : validEvents(body.subscribed_events);
    assertUnique({ url }, app);
    const now = core.clock.now();
    const d: DestinationRecord = {
      app,
      uuid: core.store.rng.uuid(),
      label: body.label,
      url,
      enabled,
      webhookVersion: version,
      secret: core.store.rng.token(43),
      subscribedEvents: events,
      createdAt: now,
      updatedAt: now,
      deleted: false,
    };
    core.store.destinations.set(d.uuid, d);
    return pyJson(c, 201, detail(d));
  });

  r.get('/v3/webhook/destinations/:uuid/', (c) => pyJson(c, 200, detail(find(c))));

  r.patch('/v3/webhook/destinations/:uuid/', async (c) => {
    const d = find(c);
    const body = await readJsonObject(c);
    const next = { ...d };
    if (body.label !== undefined) {
      if (typeof body.label !== 'string' || body.label.trim() === '')
        throw fieldError('label', 'This field may not be blank.');
      next.label = body.label;
    }
    if (body.url !== undefined) next.url = validUrl(body.url);
    if (body.enabled !== undefined) {
      if (typeof body.enabled !== 'boolean') throw fieldError('enabled', 'Must be a valid boolean.');
      next.enabled = body.enabled;
    }
    if (body.webhook_version !== undefined) {
      if (typeof body.webhook_version !== 'string' || !VERSIONS.includes(body.webhook_version)) {
        throw fieldError('webhook_version', `"${String(body.webhook_version)}" is not a valid choice.`);
      }
      next.webhookVersion = body.webhook_version;
    }
    // Replaced wholesale, never merged; the secret is never rotated here.
    if (body.subscribed_events !== undefined) next.subscribedEvents = validEvents(body.subscribed_events);
    assertUnique(next, d.app);
    Object.assign(d, next, { updatedAt: core.clock.now() });
    return pyJson(c, 200, detail(d));
  });

  r.delete('/v3/webhook/destinations/:uuid/', (c) => {
    const d = find(c);
    d.deleted = true;
    return c.body(null, 204);
  });

  return r;
}
