import path from 'node:path';
// The roles are part of the contract the web shares (packages/contract/src/permissions.ts).
import { ROLES, type Role } from '@console/contract/permissions';
import { z } from 'zod';
import { parseProxyEntry } from './http/client-address.ts';
import { assertPasswordAcceptable } from './password-policy.ts';

export { ROLES, type Role };

/** Decisions that need a second reviewer (`FOUR_EYES`): see review/decision-rules.ts. */
export const FOUR_EYES_RULES = ['approve_with_confirmed_aml', 'overturn_decline'] as const;
export type FourEyesRule = (typeof FOUR_EYES_RULES)[number];

/**
 * A comma-separated list of `allowed` values, each once; unset or blank: undefined. With `none`, the single
 * word `none` is the empty list.
 */
function choiceList<T extends string>(allowed: readonly T[], noun: string, options: { none?: boolean } = {}) {
  return z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === '') return undefined;
      const items = v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean);
      if (options.none && items.length === 1 && items[0] === 'none') return [] as T[];
      const unknown = items.find((r) => !(allowed as readonly string[]).includes(r));
      if (unknown !== undefined) {
        const expected = `${allowed.join(', ')}${options.none ? ' or none' : ''}`;
        ctx.addIssue({ code: 'custom', message: `unknown ${noun} "${unknown}" (expected ${expected})` });
        return z.NEVER;
      }
      return [...new Set(items)] as T[];
    });
}

/** `FOUR_EYES=rule,rule` or `none`; unset: every rule in sandbox mode, none otherwise. */
const fourEyesList = choiceList(FOUR_EYES_RULES, 'rule', { none: true });

/** Thrown for a missing or malformed variable; main.ts prints its message as one line and exits. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
  }
}

const nonEmpty = z.string().trim().min(1);
const optionalNonEmpty = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v === '' ? undefined : v));
const port = z.coerce.number().int().min(0).max(65_535);
const roleList = choiceList(ROLES, 'role');

/** `label=uuid,label=uuid`: the workflows an import may land in, with names people recognise. */
const workflowList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return [];
    const out: { label: string; workflow_id: string }[] = [];
    for (const part of v.split(',')) {
      const [label, id] = part.split('=').map((s) => s.trim());
      if (!label || !id || !z.uuid().safeParse(id).success) {
        ctx.addIssue({ code: 'custom', message: `expected "label=workflow-uuid,…", got "${part}"` });
        return z.NEVER;
      }
      out.push({ label, workflow_id: id });
    }
    return out;
  });

/** `TRUSTED_PROXIES=10.0.0.0/8,192.0.2.7`: addresses or CIDRs of the load balancers in front. */
const proxyList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    const entries = (v ?? '')
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    for (const e of entries) {
      if (!parseProxyEntry(e)) {
        ctx.addIssue({ code: 'custom', message: `"${e}" is not an IP address or CIDR (e.g. 10.0.0.0/8)` });
        return z.NEVER;
      }
    }
    return entries;
  });

/** `INSTANCE_NAME`: the `instance` label on this process's metrics; default `<hostname>:<pid>`. */
const instanceName = optionalNonEmpty.pipe(
  z
    .string()
    .regex(/^[A-Za-z0-9._:-]{1,100}$/, 'letters, digits and . _ : - only (at most 100)')
    .optional(),
);

/** Didit serves media from S3 presigned links; its own domain for anything it serves itself. */
export const DEFAULT_MEDIA_HOSTS = ['*.amazonaws.com', '*.didit.me'] as const;

/** `host,*.suffix,…`: the hosts the media proxy may fetch images from (outside sandbox mode). */
const hostList = z
  .string()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v.trim() === '') return [...DEFAULT_MEDIA_HOSTS];
    const hosts = v
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean);
    for (const h of hosts) {
      if (!/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(h)) {
        ctx.addIssue({ code: 'custom', message: `"${h}" is not a host name or *.domain pattern` });
        return z.NEVER;
      }
    }
    return hosts;
  });

const envSchema = z.object({
  PORT: port.default(3000),
  HOST: nonEmpty.default('127.0.0.1'),
  TRUSTED_PROXIES: proxyList,
  INSTANCE_NAME: instanceName,
  DATABASE_URL: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATABASE_MIGRATION_URL: optionalNonEmpty.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  ),
  DATA_DIR: nonEmpty.default('./.data'),
  DIDIT_API_KEY: optionalNonEmpty,
  DIDIT_API_BASE_URL: z.url().default('https://verification.didit.me'),
  DIDIT_WEBHOOK_SECRET: optionalNonEmpty,
  DIDIT_APPLICATION_ID: optionalNonEmpty.pipe(z.uuid().optional()),
  DIDIT_IMPORT_WORKFLOWS: workflowList,
  /** Didit's budget per API key (§7); lowered only to match a test sandbox or a key shared with others. */
  DIDIT_RATE_LIMIT_GET: z.coerce.number().int().min(1).max(100_000).default(600),
  DIDIT_RATE_LIMIT_WRITE: z.coerce.number().int().min(1).max(100_000).default(300),
  DIDIT_RATE_WINDOW_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  /** Added to the window on our side: a request reaches Didit a little after it takes its slot here. */
  DIDIT_RATE_MARGIN_MS: z.coerce.number().int().min(0).max(60_000).default(1_000),
  DIDIT_MEDIA_HOSTS: hostList,
  ADMIN_EMAIL: optionalNonEmpty.pipe(z.email().optional()),
  ADMIN_PASSWORD: optionalNonEmpty,
  MFA_REQUIRED_ROLES: roleList,
  PUBLIC_URL: optionalNonEmpty.pipe(z.url().optional()),
  OIDC_ISSUER: optionalNonEmpty.pipe(z.url().optional()),
  OIDC_CLIENT_ID: optionalNonEmpty,
  OIDC_CLIENT_SECRET: optionalNonEmpty,
  OIDC_ROLES_CLAIM: nonEmpty.default('roles'),
  METRICS_TOKEN: optionalNonEmpty,
  FOUR_EYES: fourEyesList,
  /** A claim lapses this long after its holder's last action on the case (claim, note, AML, decision). */
  CLAIM_IDLE_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  /** How long a case may stay In Review (from its creation) before the dashboard counts it as breached. */
  REVIEW_SLA_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 365)
    .default(24),
  RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(10).default(300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Sandbox mode on an external database: create the demo accounts (published password) anyway. */
  DEMO_ACCOUNTS: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  SANDBOX_SEED: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
});

export type Config = ReturnType<typeof parseConfig>;

/** Parses the environment once. Only main.ts (and CLIs) call it with process.env. */
export function parseConfig(env: Record<string, string | undefined>) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(String(issue.path[0] ?? 'environment'), issue.message);
  }
  const e = parsed.data;
  const sandbox = e.DIDIT_API_KEY === undefined;
  if (!sandbox && e.DIDIT_WEBHOOK_SECRET === undefined) {
    throw new ConfigError('DIDIT_WEBHOOK_SECRET', 'required when DIDIT_API_KEY is set');
  }
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw new ConfigError(
      e.ADMIN_EMAIL ? 'ADMIN_PASSWORD' : 'ADMIN_EMAIL',
      'set both ADMIN_EMAIL and ADMIN_PASSWORD',
    );
  }
  if (e.ADMIN_PASSWORD !== undefined) {
    try {
      assertPasswordAcceptable(e.ADMIN_PASSWORD, [e.ADMIN_EMAIL ?? '']);
    } catch (err) {
      throw new ConfigError('ADMIN_PASSWORD', (err as Error).message);
    }
  }
  if (!sandbox && e.DEMO_ACCOUNTS) {
    throw new ConfigError(
      'DEMO_ACCOUNTS',
      'demo accounts are for sandbox mode only; unset it when DIDIT_API_KEY is set',
    );
  }
  const oidcSet = [e.OIDC_ISSUER, e.OIDC_CLIENT_ID].filter((v) => v !== undefined).length;
  if (oidcSet === 1) {
    throw new ConfigError(
      e.OIDC_ISSUER ? 'OIDC_CLIENT_ID' : 'OIDC_ISSUER',
      'set OIDC_ISSUER and OIDC_CLIENT_ID together',
    );
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return Object.freeze({
    server: Object.freeze({
      port: e.PORT,
      host: e.HOST,
      publicUrl: e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`,
      trustedProxies: Object.freeze(e.TRUSTED_PROXIES) as readonly string[],
      instanceName: e.INSTANCE_NAME,
    }),
    database: Object.freeze({
      url: e.DATABASE_URL,
      migrationUrl: e.DATABASE_MIGRATION_URL,
      dataDir,
    }),
    didit: Object.freeze({
      sandbox,
      apiKey: e.DIDIT_API_KEY,
      baseUrl: e.DIDIT_API_BASE_URL.replace(/\/+$/, ''),
      webhookSecret: e.DIDIT_WEBHOOK_SECRET,
      applicationId: e.DIDIT_APPLICATION_ID,
      importWorkflows: e.DIDIT_IMPORT_WORKFLOWS,
      rateLimits: Object.freeze({
        getPerMinute: e.DIDIT_RATE_LIMIT_GET,
        writePerMinute: e.DIDIT_RATE_LIMIT_WRITE,
        windowMs: e.DIDIT_RATE_WINDOW_MS,
        marginMs: e.DIDIT_RATE_MARGIN_MS,
      }),
      mediaHosts: Object.freeze(e.DIDIT_MEDIA_HOSTS) as readonly string[],
    }),
    auth: Object.freeze({
      adminEmail: e.ADMIN_EMAIL,
      adminPassword: e.ADMIN_PASSWORD,
      /**
       * The demo accounts (published password) exist only in sandbox mode on the embedded database, or on an
       * external one when the operator asks with DEMO_ACCOUNTS=1: a sandbox start against a real database
       * must not leave accounts anyone can sign in to once a real key is set.
       */
      demoAccounts: sandbox && (e.DATABASE_URL === undefined || e.DEMO_ACCOUNTS),
      mfaRequiredRoles: e.MFA_REQUIRED_ROLES ?? (sandbox ? [] : (['admin'] as Role[])),
      oidc: e.OIDC_ISSUER
        ? Object.freeze({
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID!,
            clientSecret: e.OIDC_CLIENT_SECRET,
            rolesClaim: e.OIDC_ROLES_CLAIM,
          })
        : undefined,
    }),
    review: Object.freeze({
      fourEyes: Object.freeze(
        e.FOUR_EYES ?? (sandbox ? [...FOUR_EYES_RULES] : []),
      ) as readonly FourEyesRule[],
      claimIdleMs: Math.round(e.CLAIM_IDLE_MINUTES * 60_000),
      slaMs: Math.round(e.REVIEW_SLA_HOURS * 3_600_000),
    }),
    jobs: Object.freeze({ reconcileIntervalSeconds: e.RECONCILE_INTERVAL_SECONDS }),
    metrics: Object.freeze({ token: e.METRICS_TOKEN }),
    log: Object.freeze({ level: e.LOG_LEVEL }),
    sandboxSeed: e.SANDBOX_SEED,
  });
}
