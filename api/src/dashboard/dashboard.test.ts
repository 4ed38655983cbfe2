import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { type LoggedIn, loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import { seedLocalCase } from '../../test/review.ts';
import { fixedClock } from '../platform/clock.ts';
import type { Database } from '../platform/db/database.ts';
import type { Dashboard } from './dashboard.service.ts';

// Now is 10:00 UTC (13:00 in Nairobi, UTC+3); the SLA is 10 hours, so half the SLA is 5 hours.
const NOW = new Date('2026-11-23T10:00:00Z');
const clock = fixedClock(NOW);
const HOUR = 3_600_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let database: Database;
let app: ReturnType<typeof createTestApp>;
let alice: LoggedIn;
let bob: LoggedIn;
let auditor: LoggedIn;
let admin: LoggedIn;
let partner: LoggedIn;

async function seedCase(status: string, kind: 'user' | 'business', createdAt: Date = ago(HOUR)) {
  const c = await seedLocalCase(database.db, { status, kind, at: ago(60_000) });
  await database.db
    .updateTable('sessions')
    .set({ didit_created_at: createdAt })
    .where('session_id', '=', c.sessionId)
    .execute();
  return c.sessionId;
}

async function decision(
  by: LoggedIn,
  newStatus: 'Approved' | 'Declined' | 'Resubmitted',
  answeredAt: Date,
  opts: { state?: string; confirmedBy?: LoggedIn } = {},
) {
  await database.db
    .insertInto('review_decisions')
    .values({
      session_id: randomUUID(),
      new_status: newStatus,
      comment: 'checked',
      reason_codes: [],
      nodes_to_resubmit: null,
      previous_status: 'In Review',
      four_eyes_rules: opts.confirmedBy ? ['overturn_decline'] : [],
      state: opts.state ?? 'sent',
      requested_by: by.user.id,
      requested_at: new Date(answeredAt.getTime() - 60_000),
      confirmed_by: opts.confirmedBy?.user.id ?? null,
      confirmed_at: opts.confirmedBy ? answeredAt : null,
      answered_at: opts.state && opts.state !== 'sent' ? null : answeredAt,
      didit_http_status: 200,
    })
    .execute();
}

async function disposition(by: LoggedIn, status: string, at: Date, undoes: string | null = null) {
  const actionId = randomUUID();
  await database.db
    .insertInto('aml_dispositions')
    .values({
      action_id: actionId,
      session_id: randomUUID(),
      hit_id: randomUUID(),
      node_id: null,
      previous_status: 'Unreviewed',
      new_status: status,
      comment: 'reviewed',
      actor_id: by.user.id,
      created_at: at,
      undoes_action: undoes,
    })
    .execute();
  return actionId;
}

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database, { clock, env: { REVIEW_SLA_HOURS: '10' } });
  const as = (roles: Parameters<typeof loginAs>[2], name: string) =>
    loginAs(app, database, roles, { name, now: NOW });
  alice = await as(['reviewer'], 'Alice Reviewer');
  bob = await as(['reviewer'], 'Bob Reviewer');
  auditor = await as(['auditor'], 'Ada Auditor');
  admin = await as(['admin'], 'Team Lead');
  partner = await as(['partner_manager'], 'Pat Partner');

  // Open cases in both casings Didit uses (KYC Title Case, KYB UPPER_SNAKE), and finished ones that do not count.
  await seedCase('Not Started', 'user');
  await seedCase('In Progress', 'user');
  await seedCase('In Progress', 'user');
  await seedCase('IN_PROGRESS', 'business');
  await seedCase('Resubmitted', 'user');
  await seedCase('Awaiting User', 'user');
  await seedCase('Approved', 'user');
  await seedCase('Declined', 'user');
  await seedCase('APPROVED', 'business');
  // In Review on each side of each bucket boundary (SLA 10 h, half 5 h), one of them KYB.
  await seedCase('In Review', 'user', ago(5 * HOUR - 1)); // < ½ SLA
  await seedCase('IN_REVIEW', 'business', ago(5 * HOUR)); // exactly ½ SLA old: < SLA
  await seedCase('In Review', 'user', ago(10 * HOUR - 1)); // < SLA
  await seedCase('In Review', 'user', ago(10 * HOUR)); // exactly the SLA old: breached
  await seedCase('In Review', 'user', ago(50 * HOUR)); // breached, the oldest

  // Decisions Didit accepted, in Nairobi days (UTC+3): 21:30 UTC on the 22nd is the 23rd there.
  await decision(alice, 'Approved', new Date('2026-11-23T09:00:00Z'));
  await decision(alice, 'Approved', new Date('2026-11-22T21:30:00Z'));
  await decision(alice, 'Declined', new Date('2026-11-22T20:59:59Z'));
  await decision(bob, 'Resubmitted', new Date('2026-11-21T21:00:00Z')); // the 22nd's first second there
  await decision(bob, 'Approved', new Date('2026-11-22T12:00:00Z'), { confirmedBy: alice });
  // Outside the window (the 21st in Nairobi) or never accepted by Didit: not counted.
  await decision(bob, 'Declined', new Date('2026-11-21T20:59:59Z'));
  await decision(alice, 'Approved', new Date('2026-11-23T08:00:00Z'), { state: 'failed' });
  await decision(alice, 'Declined', new Date('2026-11-23T08:00:00Z'), { state: 'staged' });

  await disposition(alice, 'False Positive', new Date('2026-11-23T08:00:00Z'));
  await disposition(alice, 'False Positive', new Date('2026-11-22T08:00:00Z'));
  const undone = await disposition(bob, 'Confirmed Match', new Date('2026-11-22T09:00:00Z'));
  await disposition(bob, 'Unreviewed', new Date('2026-11-22T09:05:00Z'), undone);
  await disposition(bob, 'Inconclusive', new Date('2026-11-10T09:00:00Z')); // before the window
});
afterAll(() => database.close());

const get = async (who: LoggedIn | undefined, query = '') =>
  app.request(`/api/dashboard${query}`, { headers: who?.headers ?? {} });
const read = async (who: LoggedIn, query = '') => (await (await get(who, query)).json()) as Dashboard;
const errorCode = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe('GET /api/dashboard', () => {
  it('counts open cases by status in both casings, split by kind; finished cases are not open', async () => {
    const res = await get(alice, '?days=2&tz=Africa/Nairobi');
    expect(res.status).toBe(200);
    const body = (await res.json()) as Dashboard;
    expect(body.open_by_status).toEqual([
      { status_key: 'NOT_STARTED', user: 1, business: 0, total: 1 },
      { status_key: 'IN_PROGRESS', user: 2, business: 1, total: 3 },
      { status_key: 'AWAITING_USER', user: 1, business: 0, total: 1 },
      { status_key: 'RESUBMITTED', user: 1, business: 0, total: 1 },
      { status_key: 'IN_REVIEW', user: 4, business: 1, total: 5 },
    ]);
    expect(body.open_total).toBe(11);
    // The same figures as a plain count over the table.
    const { rows } = await database.pool.query<{ n: string }>(
      `select count(*) as n from sessions
       where upper(replace(status, ' ', '_')) in ('NOT_STARTED', 'IN_PROGRESS', 'AWAITING_USER', 'RESUBMITTED', 'IN_REVIEW')`,
    );
    expect(body.open_total).toBe(Number(rows[0]!.n));
  });

  it('buckets In Review by age against REVIEW_SLA_HOURS, each boundary on its documented side', async () => {
    const body = await read(admin);
    expect(body.in_review_age).toEqual({
      sla_hours: 10,
      total: 5,
      under_half_sla: 1,
      under_sla: 2,
      breached: 2,
      oldest_created_at: ago(50 * HOUR).toISOString(),
    });
  });

  it('counts decisions Didit accepted per day in the asked time zone, every day of the window listed', async () => {
    const body = await read(auditor, '?days=2&tz=Africa/Nairobi');
    expect(body.window).toEqual({
      days: 2,
      time_zone: 'Africa/Nairobi',
      since: '2026-11-21T21:00:00.000Z',
      first_day: '2026-11-22',
      last_day: '2026-11-23',
    });
    expect(body.decisions_per_day).toEqual([
      { day: '2026-11-22', Approved: 1, Declined: 1, Resubmitted: 1, total: 3 },
      { day: '2026-11-23', Approved: 2, Declined: 0, Resubmitted: 0, total: 2 },
    ]);
    // In UTC the same decisions fall on other days, and a 3-day window lists an empty day too.
    const utc = await read(auditor, '?days=3');
    expect(utc.decisions_per_day).toEqual([
      { day: '2026-11-21', Approved: 0, Declined: 1, Resubmitted: 1, total: 2 },
      { day: '2026-11-22', Approved: 2, Declined: 1, Resubmitted: 0, total: 3 },
      { day: '2026-11-23', Approved: 1, Declined: 0, Resubmitted: 0, total: 1 },
    ]);
  });

  it('gives throughput per reviewer by name: their accepted decisions by outcome and the ones they confirmed', async () => {
    const body = await read(alice, '?days=2&tz=Africa/Nairobi');
    expect(body.throughput).toEqual([
      {
        reviewer: { id: alice.user.id, name: 'Alice Reviewer' },
        decided: 3,
        confirmed: 1,
        Approved: 2,
        Declined: 1,
        Resubmitted: 0,
      },
      {
        reviewer: { id: bob.user.id, name: 'Bob Reviewer' },
        decided: 2,
        confirmed: 0,
        Approved: 1,
        Declined: 0,
        Resubmitted: 1,
      },
    ]);
    expect(JSON.stringify(body)).not.toContain(alice.user.email);
  });

  it('counts AML dispositions in the window by outcome, undos on their own', async () => {
    const body = await read(alice, '?days=2&tz=Africa/Nairobi');
    expect(body.aml_dispositions).toEqual([
      { status: 'Unreviewed', count: 0 },
      { status: 'Confirmed Match', count: 1 },
      { status: 'False Positive', count: 2 },
      { status: 'Inconclusive', count: 0 },
    ]);
    expect(body.aml_undone).toBe(1);
    const month = await read(alice, '?days=30&tz=Africa/Nairobi');
    expect(month.aml_dispositions.find((d) => d.status === 'Inconclusive')?.count).toBe(1);
  });

  it('is refused to partner managers (403) and to anyone signed out (401)', async () => {
    const refused = await get(partner);
    expect(refused.status).toBe(403);
    expect(await errorCode(refused)).toBe('FORBIDDEN');
    expect((await get(undefined)).status).toBe(401);
  });

  it.each([
    ['?days=0'],
    ['?days=91'],
    ['?days=1.5'],
    ['?days=abc'],
    ['?tz=Mars/Olympus_Mons'],
    ['?tz=../../etc/passwd'],
    [`?tz=${'A'.repeat(80)}`],
  ])('answers 400 VALIDATION for %s', async (query) => {
    const res = await get(alice, query);
    expect(res.status).toBe(400);
    expect(await errorCode(res)).toBe('VALIDATION');
  });

  it('is described in the OpenAPI document', async () => {
    const res = await app.request('/api/openapi.json', { headers: alice.headers });
    const doc = (await res.json()) as {
      paths: Record<string, { get: { parameters: { name: string }[] } }>;
    };
    expect(doc.paths['/api/dashboard']!.get.parameters.map((p) => p.name).sort()).toEqual(['days', 'tz']);
  });
});
