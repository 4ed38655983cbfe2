import { randomUUID } from 'node:crypto';
import { toLegacyDecision } from '@console/didit/legacy-decision';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../../test/app.ts';
import { kycDecision, signed, statusEvent, TEST_WEBHOOK_SECRET } from '../../test/webhooks.ts';
import { sessionDecision } from '../sessions/sessions.repository.ts';

/**
 * A destination registered with `webhook_version` v1 or v2 receives the decision's singular keys
 * (docs/didit.md §3.6). The console reads v3's plural arrays only: such a decision is not stored as the
 * session's decision (it would show no features at all); the status applies and the decision is fetched.
 */
const ctx = useTestApp({ webhookSecret: () => TEST_WEBHOOK_SECRET });

describe('a v1/v2-shaped decision', () => {
  it('applies the status and fetches the v3 decision instead of storing the singular shape', async () => {
    const sid = randomUUID();
    const legacy = toLegacyDecision(
      kycDecision({ sessionId: sid, status: 'Approved', fullName: 'Ana Legacy' }),
    );
    expect(legacy).toHaveProperty('id_verification');
    const d = signed(JSON.stringify(statusEvent({ sessionId: sid, status: 'Approved', decision: legacy })));
    const res = await ctx.app.request('/webhooks/didit', {
      method: 'POST',
      body: d.body,
      headers: d.headers,
    });
    expect(res.status).toBe(200);
    const event = await ctx.database.db
      .selectFrom('webhook_events')
      .select(['apply_state', 'decision_at'])
      .where('session_id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(event).toEqual({ apply_state: 'pending_fetch', decision_at: null });
    const row = await ctx.database.db
      .selectFrom('sessions')
      .select(['status', sessionDecision.as('decision')])
      .where('session_id', '=', sid)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'Approved', decision: null });
    const job = await ctx.database.db
      .selectFrom('jobs')
      .select(['kind', 'state'])
      .where('key', '=', `refresh:${sid}`)
      .executeTakeFirst();
    expect(job).toEqual({ kind: 'session.refresh', state: 'queued' });
  });
});
