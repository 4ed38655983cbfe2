import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { pageOf, timeIdCursor } from '../platform/db/pagination.ts';
import { insertUser } from '../users/users.repository.ts';
import {
  findImportByFingerprint,
  findImportBySession,
  insertImport,
  listImports,
} from './imports.repository.ts';
import { findLatestSessionsByVendorData } from './local-sessions.repository.ts';
import { insertPartner, listPartnersWithCounts } from './partners.repository.ts';
import { tokenFingerprint } from './share-token.ts';
import { insertShare, listShares } from './shares.repository.ts';

let database: Database;
let userId: string;
const t0 = new Date('2026-11-22T08:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

async function insertSession(id: string, status: string, vendorData: string | null, minutes: number) {
  await sql`
    insert into sessions (session_id, session_kind, status, vendor_data, last_event_at, last_event_tiebreak,
                          created_at, updated_at, didit_created_at)
    values (${id}, 'user', ${status}, ${vendorData}, ${at(minutes)}, '0', ${at(minutes)}, ${at(minutes)},
            ${at(minutes)})`.execute(database.db);
}

beforeAll(async () => {
  database = await createTestDatabase();
  userId = (
    await insertUser(database.db, {
      email: 'pm@example.test',
      name: 'Pat Manager',
      roles: ['partner_manager'],
      passwordHash: null,
      now: t0,
    })
  ).id;
});
afterAll(async () => {
  await database?.close();
});

describe('partners: one per application id and per name, whatever the case', () => {
  const partner = (name: string, application_id: string) =>
    insertPartner(database.db, {
      contact: null,
      default_trust_review: false,
      notes: '',
      created_by: userId,
      at: t0,
      name,
      application_id,
    });
  let acme: Awaited<ReturnType<typeof partner>>;
  beforeAll(async () => {
    acme = await partner('Acme Bank', '0a000000-0000-4000-8000-000000000001');
  });

  it('stores the first, not trusting its reviews unless told to', () => {
    expect(acme.default_trust_review).toBe(false);
  });

  it.each([
    [
      'the same application id',
      'Other',
      '0a000000-0000-4000-8000-000000000001',
      'partners_application_id_key',
    ],
    [
      'the same name in another case',
      'ACME bank',
      '0a000000-0000-4000-8000-000000000002',
      'partners_name_lower_key',
    ],
  ])('refuses a second with %s', async (_what, name, applicationId, constraint) => {
    await expect(partner(name, applicationId)).rejects.toMatchObject({ code: '23505', constraint });
  });
});

describe('share ledger', () => {
  it('pages newest first with a keyset cursor, filtered by session and partner, with counts per partner', async () => {
    const partner = await insertPartner(database.db, {
      name: 'Ledger Partner',
      application_id: '0b000000-0000-4000-8000-000000000001',
      contact: 'ops@partner.example',
      default_trust_review: true,
      notes: '',
      created_by: userId,
      at: t0,
    });
    for (let i = 0; i < 5; i++) {
      await insertShare(database.db, {
        token_sha256: tokenFingerprint(`token-${i}`),
        session_id: i < 3 ? 'sess-a' : 'sess-b',
        session_kind: 'user',
        for_application_id: partner.application_id,
        from_application_id: null,
        partner_id: i % 2 === 0 ? partner.id : null,
        batch_id: null,
        ttl_seconds: 3600,
        expires_at: at(60 + i),
        claims: null,
        created_by: userId,
        // two rows share a timestamp: the id breaks the tie
        created_at: at(i === 4 ? 3 : i),
      });
    }
    const key = (r: { created_at: Date; id: string }) => ({ at: r.created_at, id: r.id });
    const first = pageOf(await listShares(database.db, { limit: 2 }), 2, timeIdCursor, key);
    expect(first.items).toHaveLength(2);
    expect(first.next_cursor).not.toBeNull();
    const seen = [...first.items];
    let cursor = first.next_cursor;
    while (cursor) {
      const next = pageOf(
        await listShares(database.db, { limit: 2, cursor: timeIdCursor.decode(cursor) }),
        2,
        timeIdCursor,
        key,
      );
      seen.push(...next.items);
      cursor = next.next_cursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen.map((r) => r.id)).size).toBe(5);
    const times = seen.map((r) => r.created_at.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    expect(seen[0]!.created_by_name).toBe('Pat Manager');

    expect(await listShares(database.db, { limit: 10, sessionId: 'sess-a' })).toHaveLength(3);
    const byPartner = await listShares(database.db, { limit: 10, partnerId: partner.id });
    expect(byPartner).toHaveLength(3);
    expect(byPartner.every((r) => r.partner_name === 'Ledger Partner')).toBe(true);

    const [counted] = await listPartnersWithCounts(database.db, [partner.id]);
    expect(counted).toMatchObject({ shares: 3, imports: 0 });
  });

  it('refuses a second row for the same token fingerprint', async () => {
    const row = {
      token_sha256: tokenFingerprint('dup'),
      session_id: 's',
      session_kind: 'user' as const,
      for_application_id: '0c000000-0000-4000-8000-000000000001',
      from_application_id: null,
      partner_id: null,
      batch_id: null,
      ttl_seconds: 60,
      expires_at: at(1),
      claims: null,
      created_by: null,
      created_at: t0,
    };
    await insertShare(database.db, row);
    await expect(insertShare(database.db, row)).rejects.toMatchObject({ code: '23505' });
    await expect(insertShare(database.db, { ...row, token_sha256: 'not-hex' })).rejects.toMatchObject({
      code: '23514',
    });
  });

  it('rejects a malformed cursor as VALIDATION', () => {
    expect(() => timeIdCursor.decode('garbage')).toThrow(expect.objectContaining({ code: 'VALIDATION' }));
  });
});

describe('reliance ledger', () => {
  it('joins the current status, the vendor id and the latest review decision, and finds by fingerprint', async () => {
    await insertSession('imported-1', 'Approved', 'customer-42', 10);
    await insertSession('source-1', 'Approved', null, 1);
    const row = await insertImport(database.db, {
      token_sha256: tokenFingerprint('imported-token'),
      session_id: 'imported-1',
      session_kind: 'user',
      source_session_id: 'source-1',
      source_application_id: '0d000000-0000-4000-8000-000000000001',
      for_application_id: null,
      partner_id: null,
      trust_review: false,
      workflow_id: '0e000000-0000-4000-8000-000000000001',
      source_status: null,
      landed_status: 'In Review',
      claims: { session_id: 'source-1', session_kind: 'user' },
      imported_by: userId,
      imported_at: at(10),
    });
    await sql`
      insert into review_decisions (session_id, new_status, comment, state, requested_by, requested_at)
      values ('imported-1', 'Approved', 'checked', 'sent', ${userId}, ${at(20)})`.execute(database.db);

    const found = await findImportByFingerprint(database.db, tokenFingerprint('imported-token'));
    expect(found).toMatchObject({
      id: row.id,
      current_status: 'Approved',
      vendor_data: 'customer-42',
      source_session_local: true,
      imported_by_name: 'Pat Manager',
      latest_review: { new_status: 'Approved', state: 'sent', by_name: 'Pat Manager' },
    });
    expect((await findImportBySession(database.db, 'imported-1'))?.id).toBe(row.id);
    expect(await listImports(database.db, { limit: 10, subject: 'customer-42' })).toHaveLength(1);
    expect(await listImports(database.db, { limit: 10, subject: 'source-1' })).toHaveLength(1);
    expect(await listImports(database.db, { limit: 10, subject: 'nobody' })).toHaveLength(0);
    expect(await listImports(database.db, { limit: 10, trustReview: true })).toHaveLength(0);
    const { id: _id, ...again } = row;
    await expect(
      insertImport(database.db, { ...again, session_id: 'imported-2', claims: null }),
    ).rejects.toMatchObject({ code: '23505', constraint: 'imports_sha256_key' });
  });

  it('picks, per vendor id, the newest finished session over a newer unfinished one', async () => {
    await insertSession('v-old-approved', 'Approved', 'vendor-x', 1);
    await insertSession('v-new-progress', 'In Progress', 'vendor-x', 5);
    await insertSession('v-only-progress', 'In Progress', 'vendor-y', 5);
    const found = await findLatestSessionsByVendorData(database.db, ['vendor-x', 'vendor-y', 'vendor-z']);
    expect(found.get('vendor-x')?.session_id).toBe('v-old-approved');
    expect(found.get('vendor-y')?.session_id).toBe('v-only-progress');
    expect(found.has('vendor-z')).toBe(false);
  });
});
