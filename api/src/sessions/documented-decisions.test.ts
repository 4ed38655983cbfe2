/**
 * Decisions exactly as Didit's pages show them (`@console/didit/fixtures/documented`, each naming its page)
 * folded by the real projection on real Postgres: a KYB case read from the documented response schema still
 * shows its company (issue 16 item 2), and KYB's two status casings land on the same status key (item 3).
 */
import { documented } from '@console/didit/fixtures/documented';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { applyEvent } from './apply-event.ts';
import { eventFromDecision } from './event-input.ts';

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.close());

async function fold(decision: Record<string, unknown>, sessionId: string) {
  const at = new Date();
  const event = eventFromDecision({
    source: 'refresh',
    sessionId,
    decision: { ...decision, session_id: sessionId },
    fetchedAt: at,
    eventKey: `documented:${sessionId}`,
  });
  expect((await applyEvent(database.db, event, at)).outcome).toBe('applied');
  return database.db
    .selectFrom('sessions')
    .select(['session_kind', 'status', 'status_key', 'full_name'])
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow();
}

describe('documented decisions through the projection', () => {
  it('a KYB decision shows the company its registry check names', async () => {
    const row = await fold(documented.kybDecision.body, 'documented-kyb');
    expect(row).toEqual({
      session_kind: 'business',
      status: 'APPROVED',
      status_key: 'APPROVED',
      full_name: documented.kybDecision.body.registry_checks[0]!.company_name,
    });
  });

  it('the Title Case KYB decision lands on the same status key', async () => {
    const row = await fold(documented.kybDecisionTitleCase.body, 'documented-kyb-title');
    expect([row.session_kind, row.status, row.status_key]).toEqual(['business', 'Approved', 'APPROVED']);
  });

  it('the KYC decision keeps its status as sent', async () => {
    const row = await fold(documented.kycDecision.body, 'documented-kyc');
    expect([row.session_kind, row.status, row.status_key]).toEqual(['user', 'In Review', 'IN_REVIEW']);
  });
});
