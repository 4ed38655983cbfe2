import { verifyWebhook } from '@console/didit/signature';
import { afterEach, describe, expect, it } from 'vitest';
import { deliverOne, sandboxWithReceiver, type startReceiver, waitFor } from '../test/helpers.ts';
import type { SandboxOptions } from './sandbox.ts';

/**
 * Conveniences Didit does not offer (docs/didit.md §3.3): no order between a session's events unless a test
 * asks for it, and how retries are signed (configurable: Didit's pages do not say).
 */
const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanup.length) await cleanup.pop()!();
});

const setup = (respond: Parameters<typeof startReceiver>[0], options: SandboxOptions) =>
  sandboxWithReceiver(cleanup, respond, options, 'delivery');

describe('delivery order', () => {
  it("sends a session's next event while the previous one is still unanswered (Didit promises no order)", async () => {
    // The first delivery never gets an answer (until the sandbox closes): ordered delivery would hold the rest.
    const { s, receiver } = await setup((n) => (n === 1 ? 'hang' : 200), {
      orderedDelivery: false,
      webhookTimeoutMs: 60_000,
    });
    await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', 'user'), sandbox_scenario: 'approve' },
    });
    await waitFor(() => receiver.received.some((r) => r.body.status === 'Approved'));
    expect(receiver.received[0]!.body.status).toBe('Not Started');
  });

  it('holds them in order when a test asks for it', async () => {
    const { s, receiver } = await setup(() => 200, { orderedDelivery: true });
    await s.json('POST', '/v3/session/', {
      body: { workflow_id: s.workflow('console', 'user'), sandbox_scenario: 'approve' },
    });
    await s.sandbox.idle();
    expect(receiver.received.map((r) => r.body.status)).toEqual(['Not Started', 'In Progress', 'Approved']);
  });
});

describe('retry signing', () => {
  it.each([
    ['fresh', false],
    ['original', true],
  ] as const)(
    'retrySigning %s: the retry repeats the first bytes = %s, and verifies either way',
    async (mode, same) => {
      const { s, receiver, secret } = await setup((n) => (n === 1 ? 503 : 200), {
        retrySigning: mode,
        webhookRetryDelaysMs: [1100],
      });
      await deliverOne(s);
      expect(receiver.received).toHaveLength(2);
      const [first, retry] = receiver.received as [
        (typeof receiver.received)[0],
        (typeof receiver.received)[0],
      ];
      expect(retry.body.event_id).toBe(first.body.event_id);
      expect(retry.raw.equals(first.raw)).toBe(same);
      expect(retry.headers['x-signature-v2'] === first.headers['x-signature-v2']).toBe(same);
      const now = Math.floor(Date.now() / 1000);
      expect(verifyWebhook(retry.raw, retry.headers as any, secret, now).ok).toBe(true);
    },
  );
});
