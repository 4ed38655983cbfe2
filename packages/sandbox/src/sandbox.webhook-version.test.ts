import { verifyWebhook } from '@console/didit/signature';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, startSandbox } from '../test/helpers.ts';

/**
 * `webhook_version` (docs/didit.md §3.1, §3.6): a v3 destination gets the decision's plural arrays, a v1 or
 * v2 destination the older singular keys (`id_verification`, `nfc`, `liveness`, …), each signed as sent.
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

describe('webhook_version', () => {
  it('sends v3 destinations the plural arrays and v1/v2 destinations the singular keys', async () => {
    const s = await startSandbox();
    cleanup.push(() => s.close());
    const receivers: Record<string, Awaited<ReturnType<typeof startReceiver>>> = {};
    const secrets: Record<string, string> = {};
    for (const version of ['v1', 'v2', 'v3']) {
      const receiver = await startReceiver(() => 200);
      cleanup.push(() => receiver.close());
      receivers[version] = receiver;
      const dest = await s.json('POST', '/v3/webhook/destinations/', {
        body: {
          label: version,
          url: receiver.url,
          webhook_version: version,
          subscribed_events: ['status.updated'],
        },
      });
      expect(dest.status).toBe(201);
      expect(dest.body.webhook_version).toBe(version);
      secrets[version] = dest.body.secret_shared_key;
    }
    await s.sandbox.seedSessions({ application: 'console', count: 1, statuses: ['Approved'], deliver: true });
    await s.sandbox.idle();

    const decided = (version: string) => receivers[version]!.received.find((r) => r.body.decision);
    const v3 = decided('v3')!;
    expect(Array.isArray(v3.body.decision.id_verifications)).toBe(true);
    expect(v3.body.decision).not.toHaveProperty('id_verification');
    for (const version of ['v1', 'v2']) {
      const got = decided(version)!;
      expect(got.body.event_id).toBe(v3.body.event_id);
      expect(got.body.decision).not.toHaveProperty('id_verifications');
      expect(got.body.decision).not.toHaveProperty('liveness_checks');
      expect(got.body.decision.id_verification).toEqual(v3.body.decision.id_verifications[0]);
      expect(got.body.decision.liveness).toEqual(v3.body.decision.liveness_checks[0]);
      const now = Math.floor(Date.now() / 1000);
      expect(verifyWebhook(got.raw, got.headers as any, secrets[version]!, now).ok).toBe(true);
    }
  });
});
