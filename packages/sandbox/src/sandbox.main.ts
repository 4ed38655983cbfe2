import { parseArgs } from 'node:util';
import { createSandbox } from './sandbox.ts';

/**
 * `pnpm sandbox --port N [--seed S] [--step-delay-ms MS] [--kyb-title-case] [--demo] [--rate-limit-get N
 * --rate-limit-write N --rate-window-ms MS]`: the Didit v3 sandbox on 127.0.0.1:N. It answers 429 beyond
 * Didit's budget per API key (600 GET and 300 writes per sliding 60 s); the rate flags shrink the budget so a
 * test reaches it in seconds, and `GET /_sandbox/rate-limit` reports what it served and refused.
 * `--kyb-title-case` spells KYB statuses `In Review` instead of the seed's `IN_REVIEW`.
 * The first line on stdout is one JSON object with the base URL and every application's key and workflows;
 * nothing else is written to stdout before it (diagnostics go to stderr).
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    'step-delay-ms': { type: 'string' },
    demo: { type: 'boolean', default: false },
    'rate-limit-get': { type: 'string', default: '600' },
    'rate-limit-write': { type: 'string', default: '300' },
    'rate-window-ms': { type: 'string', default: '60000' },
    'kyb-title-case': { type: 'boolean', default: false },
  },
});

const port = Number(values.port);
const seed = Number(values.seed);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  process.stderr.write(`--port: expected 0-65535, got "${values.port}"\n`);
  process.exit(2);
}
if (!Number.isInteger(seed)) {
  process.stderr.write(`--seed: expected an integer, got "${values.seed}"\n`);
  process.exit(2);
}
const rate = {
  get: Number(values['rate-limit-get']),
  write: Number(values['rate-limit-write']),
  windowMs: Number(values['rate-window-ms']),
};
for (const [flag, v] of [
  ['--rate-limit-get', rate.get],
  ['--rate-limit-write', rate.write],
  ['--rate-window-ms', rate.windowMs],
] as const) {
  if (!Number.isInteger(v) || v < 1) {
    process.stderr.write(`${flag}: expected a positive integer, got "${v}"\n`);
    process.exit(2);
  }
}
const stepDelay = values['step-delay-ms'] === undefined ? undefined : Number(values['step-delay-ms']);

const sandbox = createSandbox({
  seed,
  rateLimits: rate,
  ...(stepDelay !== undefined ? { stepDelayMs: stepDelay } : {}),
  ...(values['kyb-title-case'] ? { kybStatusCasing: 'title' as const } : {}),
});
const { baseUrl } = await sandbox.listen(port, '127.0.0.1');
process.stdout.write(
  `${JSON.stringify({
    base_url: baseUrl,
    applications: sandbox.applications.map((a) => ({
      name: a.name,
      application_id: a.application_id,
      api_key: a.api_key,
      workflows: a.workflows.map((w) => ({
        workflow_id: w.workflow_id,
        session_kind: w.session_kind,
        label: w.label,
      })),
    })),
  })}\n`,
);
process.stderr.write(`Didit sandbox listening on ${baseUrl}\n`);
if (values.demo) {
  await sandbox.seedDemo({ application: 'console', partnerApplication: 'partner' });
  process.stderr.write('demo sessions created\n');
}

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void sandbox.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
