import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { appendAudit } from './audit.service.ts';

/** The audit page's filters take what its table shows; each page names the people it mentions. */
let database: Database;
let app: ReturnType<typeof createTestApp>;
let auditor: LoggedIn;
let zoe: LoggedIn;
const sessionA = randomUUID();
const sessionB = randomUUID();

interface Page {
  items: { seq: number; action: string; session_id: string | null; actor_id: string | null }[];
  people: Record<string, { name: string; email: string }>;
  context: Record<string, { note?: { body: string } }>;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  auditor = await loginAs(app, database, ['auditor']);
  zoe = await loginAs(app, database, ['reviewer'], { name: 'Zoë Quinteros' });
  const as = { id: zoe.user.id, label: zoe.user.email };
  await appendAudit(database.db, {
    actor: as,
    action: 'review.claim',
    subjectType: 'session',
    subjectId: sessionA,
    sessionId: sessionA,
    after: { holder_id: zoe.user.id },
  });
  await appendAudit(database.db, {
    actor: as,
    action: 'review.aml_hit',
    subjectType: 'aml_hit',
    subjectId: 'hit-1',
    sessionId: sessionB,
    before: { review_status: 'Unreviewed' },
    after: { review_status: 'False Positive' },
  });
  await appendAudit(database.db, {
    actor: { id: null, label: 'system' },
    action: 'sync.reconcile',
    subjectType: 'job',
    subjectId: null,
  });
});
afterAll(() => database.close());

const list = async (query: string): Promise<Page> => {
  const res = await app.request(`/api/audit?${query}`, { headers: auditor.headers });
  expect(res.status).toBe(200);
  return (await res.json()) as Page;
};

describe('audit filters', () => {
  it.each([
    ['session_id', () => sessionA.slice(0, 8), ['review.claim']],
    ['session_id', () => sessionA, ['review.claim']],
    ['actor', () => 'quinter', ['review.aml_hit', 'review.claim']],
    ['actor', () => 'QUINTEROS', ['review.aml_hit', 'review.claim']],
    ['actor', () => 'syst', ['sync.reconcile']],
    ['action', () => 'review.', ['review.aml_hit', 'review.claim']],
    ['action', () => 'review.aml', ['review.aml_hit']],
    ['action', () => 'review.aml_hit', ['review.aml_hit']],
    ['action', () => 'review_', []],
  ])('%s=%s finds what the table shows', async (param, value, actions) => {
    const page = await list(`${param}=${encodeURIComponent(value())}`);
    const found = page.items
      .map((e) => e.action)
      .filter((a) => a.startsWith('review.') || a.startsWith('sync.'));
    expect(found).toEqual(actions);
  });

  it('names the people each page mentions, for actors and ids in before/after', async () => {
    const page = await list(`session_id=${sessionA.slice(0, 8)}`);
    expect(page.people[zoe.user.id]).toEqual({ name: 'Zoë Quinteros', email: zoe.user.email });
  });

  it('shows the text of a note entry, which the chained entry itself does not hold', async () => {
    // The case itself is not needed here: the note row is what the page reads.
    const [note] = await database.db
      .insertInto('review_notes')
      .values({
        session_id: sessionA,
        author_id: zoe.user.id,
        body: 'Passport photo matches',
        created_at: new Date(),
      })
      .returning('id')
      .execute();
    await appendAudit(database.db, {
      actor: { id: zoe.user.id, label: zoe.user.email },
      action: 'review.note',
      subjectType: 'review_note',
      subjectId: note!.id,
      sessionId: sessionA,
      after: { note_id: note!.id, length: 22 },
    });
    const page = await list('action=review.note');
    expect(page.items).toHaveLength(1);
    expect(page.context[String(page.items[0]!.seq)]?.note?.body).toBe('Passport photo matches');
  });
});
