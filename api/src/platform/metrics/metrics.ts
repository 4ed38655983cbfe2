import { isWebhookEvent } from '@console/didit/events';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * Why a webhook was turned away. A closed set so the label cannot grow with attacker input; the intake maps
 * its own failures onto these.
 */
const WEBHOOK_REJECT_REASONS = [
  'missing_timestamp',
  'stale_timestamp',
  'missing_signature',
  'bad_signature',
  'too_large',
  'not_json',
  'unavailable',
  'other',
] as const;

export type WebhookOutcome = 'accepted' | 'duplicate' | 'rejected' | 'error';

/** A scrape-time reading of a queue (the jobs feature supplies it; metrics never query its tables itself). */
export interface JobQueueReading {
  kind: string;
  /** Jobs ready to run now but not yet taken. */
  ready: number;
  /** Jobs held by a worker under a live lease. */
  running: number;
  /** Jobs given up on. */
  failed: number;
  /** Seconds the oldest ready job has been waiting past its run-at time (0 when none). */
  oldestReadyAgeSeconds: number;
}

/**
 * Every metric the console exports, on a registry of its own (never prom-client's global one, so two apps in
 * one test process do not collide). Features record through the small methods below; label values are
 * normalised here so cardinality stays bounded whatever callers pass.
 */
export function createMetrics(options: { defaultMetrics?: boolean; replica?: string } = {}) {
  const registry = new Registry();
  // On every series: which process said it. Named `replica`, not `instance`, because Prometheus sets `instance`
  // itself from the scrape target and would rename ours to `exported_instance` (docs/replicas.md, "Metrics").
  if (options.replica) registry.setDefaultLabels({ replica: options.replica });
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'console_' });
  /**
   * Gauges read from the database (the job backlog) are the same whichever replica reads them; only the
   * replica this says yes to exports them, so `sum()` over replicas counts them once. Default: this process.
   */
  let databaseGaugesHere: () => Promise<boolean> = async () => true;

  const webhooksAccepted = new Counter({
    name: 'console_webhooks_accepted_total',
    help: 'Webhook deliveries verified, stored and acknowledged (first delivery of an event)',
    labelNames: ['scheme', 'webhook_type'] as const,
    registers: [registry],
  });
  const webhooksDuplicate = new Counter({
    name: 'console_webhooks_duplicate_total',
    help: 'Verified deliveries of an event already stored (acknowledged, no effect)',
    registers: [registry],
  });
  const webhooksRejected = new Counter({
    name: 'console_webhooks_rejected_total',
    help: 'Webhook deliveries refused, by reason',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const applyFailures = new Counter({
    name: 'console_webhook_apply_failures_total',
    help: 'Verified events stored but marked failed because they could not be applied',
    registers: [registry],
  });
  const intakeSeconds = new Histogram({
    name: 'console_webhook_intake_seconds',
    help: 'Time from request start to response for POST /webhooks/didit',
    labelNames: ['outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const diditCalls = new Counter({
    name: 'console_didit_calls_total',
    help: 'Calls (attempts) to the Didit API by endpoint template and HTTP status, or timeout/network',
    labelNames: ['endpoint', 'status'] as const,
    registers: [registry],
  });
  const diditSeconds = new Histogram({
    name: 'console_didit_call_seconds',
    help: 'Didit API call duration',
    labelNames: ['endpoint'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const didit429 = new Counter({
    name: 'console_didit_rate_limited_total',
    help: 'Didit answers of 429 Too Many Requests',
    labelNames: ['endpoint'] as const,
    registers: [registry],
  });
  const limiterWait = new Histogram({
    name: 'console_didit_limiter_wait_seconds',
    help: 'Time a Didit call waited for a slot in the shared rate limiter',
    labelNames: ['kind'] as const,
    buckets: [0, 0.01, 0.1, 0.5, 1, 5, 15, 30, 60],
    registers: [registry],
  });

  const jobSources: Array<() => Promise<JobQueueReading[]>> = [];
  const jobFields = ['ready', 'running', 'failed'] as const;
  new Gauge({
    name: 'console_jobs_backlog',
    help: 'Jobs by queue and state, read at scrape time',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!(await databaseGaugesHere())) return;
      for (const r of await readJobs()) {
        for (const f of jobFields) this.set({ kind: r.kind, state: f }, r[f]);
      }
    },
  });
  new Gauge({
    name: 'console_jobs_lag_seconds',
    help: 'How long the oldest ready job has waited past its run-at time',
    labelNames: ['kind'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!(await databaseGaugesHere())) return;
      for (const r of await readJobs()) this.set({ kind: r.kind }, r.oldestReadyAgeSeconds);
    },
  });
  new Gauge({
    name: 'console_database_gauges_exporter',
    help: '1 on the one replica that exports the database-derived gauges (console_jobs_*), 0 on the others',
    registers: [registry],
    async collect() {
      this.set((await databaseGaugesHere().catch(() => false)) ? 1 : 0);
    },
  });
  // Both gauges read the same source in one scrape; one query serves them.
  let pending: Promise<JobQueueReading[]> | undefined;
  function readJobs(): Promise<JobQueueReading[]> {
    pending ??= (async () => {
      try {
        const all = await Promise.all(jobSources.map((s) => s().catch(() => [])));
        return all.flat();
      } finally {
        setImmediate(() => {
          pending = undefined;
        });
      }
    })();
    return pending;
  }

  return {
    registry,
    webhook: {
      accepted(scheme: string, webhookType: unknown) {
        webhooksAccepted.inc({ scheme: boundedLabel(scheme), webhook_type: webhookTypeLabel(webhookType) });
      },
      duplicate() {
        webhooksDuplicate.inc();
      },
      rejected(reason: string) {
        const r = (WEBHOOK_REJECT_REASONS as readonly string[]).includes(reason) ? reason : 'other';
        webhooksRejected.inc({ reason: r });
      },
      applyFailed() {
        applyFailures.inc();
      },
      observe(outcome: WebhookOutcome, seconds: number) {
        intakeSeconds.observe({ outcome }, seconds);
      },
    },
    didit: {
      /**
       * Wire to the Didit client's `onCall` hook (one event per attempt). `endpoint` is the client's template
       * (`GET /v3/session/{id}/decision/`); it is normalised again here so a raw path can never become a label.
       */
      call(e: { endpoint: string; method: string; status: number | string; ms: number; waitedMs?: number }) {
        const [m, p] = e.endpoint.includes(' ') ? e.endpoint.split(' ', 2) : [e.method, e.endpoint];
        const endpoint = endpointTemplate(m ?? e.method, p ?? '');
        const status =
          typeof e.status === 'number' ? String(e.status) : e.status === 'timeout' ? 'timeout' : 'network';
        diditCalls.inc({ endpoint, status });
        diditSeconds.observe({ endpoint }, e.ms / 1000);
        if (e.status === 429) didit429.inc({ endpoint });
        if (e.waitedMs !== undefined) {
          limiterWait.observe(
            { kind: e.method.toUpperCase() === 'GET' ? 'get' : 'write' },
            e.waitedMs / 1000,
          );
        }
      },
    },
    jobs: {
      /** The jobs feature registers how to read its queue; called at each scrape. */
      addSource(read: () => Promise<JobQueueReading[]>) {
        jobSources.push(read);
      },
    },
    /** Several replicas on one database: who exports the database-derived gauges (an advisory lock). */
    exportDatabaseGaugesWhen(gate: () => Promise<boolean>) {
      databaseGaugesHere = gate;
    },
    async render(): Promise<{ contentType: string; body: string }> {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

function webhookTypeLabel(t: unknown): string {
  return isWebhookEvent(t) ? t : 'other';
}

function boundedLabel(s: string): string {
  return /^[a-z0-9_]{1,24}$/.test(s) ? s : 'other';
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * `GET /v3/session/<uuid>/decision/?x=1` → `GET /v3/session/{id}/decision/`: ids and query strings never become
 * label values. Any segment that still looks like data (digits, long tokens) collapses to `{id}` too.
 */
export function endpointTemplate(method: string, path: string): string {
  const bare = path.split('?')[0]!.replace(/^https?:\/\/[^/]+/i, '');
  const segments = bare
    .replace(UUID, '{id}')
    .split('/')
    .map((s) => (s === '' || s === '{id}' || /^[a-z][a-z0-9_-]{0,31}$/.test(s) ? s : '{id}'));
  const m = method.toUpperCase();
  return `${/^[A-Z]{3,7}$/.test(m) ? m : 'OTHER'} ${segments.join('/')}`;
}
