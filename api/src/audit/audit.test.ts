import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/app.ts';
import { loginAs } from '../../test/auth.ts';
import { createTestDatabase } from '../../test/database.ts';
import type { Database } from '../platform/db/database.ts';
import { GENESIS_HASH } from './audit.chain.ts';
import { appendAudit } from './audit.service.ts';
import { verifyExportFile } from './audit-verify.ts';

let database: Database;
let app: ReturnType<typeof createTestApp>;
let tmp: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  app = createTestApp(database);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
});
afterAll(async () => {
  await database.close();
  for (const c of cleanups) await c();
  await rm(tmp, { recursive: true, force: true });
});

const actor = { id: null, label: 'test' };

async function tamper(seq: number, details: unknown) {
  // As the (superuser) test role: switch the append-only trigger off for one statement, as an attacker
  // with owner rights could. The hash chain is what must expose it.
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    await client.query('alter table audit_log disable trigger audit_log_no_update_delete');
    await client.query('update audit_log set details = $1 where seq = $2', [JSON.stringify(details), seq]);
    await client.query('alter table audit_log enable trigger audit_log_no_update_delete');
    await client.query('commit');
  } catch (err) {
    await client.query('rollback');
    throw err;
  } finally {
    client.release();
  }
}

describe('audit log', () => {
  let auditor: Awaited<ReturnType<typeof loginAs>>;

  it('keeps one unforked, gapless chain under 50 concurrent writers', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, k) =>
        appendAudit(database.db, {
          actor,
          action: 'test.concurrent',
          subjectType: 'test',
          subjectId: String(k),
          details: { k, nested: { float: 0.5, text: 'ünïcödé ✓', list: [1, 'two', null] } },
        }),
      ),
    );
    // Writers inside callers' transactions too, committing and rolling back.
    await Promise.all(
      Array.from({ length: 10 }, (_, k) =>
        database.db
          .transaction()
          .execute(async (trx) => {
            await appendAudit(trx, { actor, action: 'test.tx', subjectType: 'test', subjectId: String(k) });
            if (k % 2) throw new Error('rollback');
          })
          .catch(() => {}),
      ),
    );
    const rows = await database.db
      .selectFrom('audit_log')
      .select(['seq', 'prev_hash', 'hash'])
      .orderBy('seq')
      .execute();
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 55 }, (_, k) => k + 1));
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    for (let k = 1; k < rows.length; k++) expect(rows[k]!.prev_hash).toBe(rows[k - 1]!.hash);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(rows.length);

    auditor = await loginAs(app, database, ['auditor']);
    const res = await app.request('/api/audit/verify', { headers: auditor.headers });
    expect(res.status).toBe(200);
    const verdict = (await res.json()) as { ok: boolean; entries: number; head: { seq: number } };
    expect(verdict.ok).toBe(true);
    // + the auditor's own login entry.
    expect(verdict.entries).toBe(56);
    expect(verdict.head.seq).toBe(56);
  });

  it('lists entries newest first with filters and a keyset cursor', async () => {
    const page1 = await app.request('/api/audit?action=test.concurrent&limit=20', {
      headers: auditor.headers,
    });
    expect(page1.status).toBe(200);
    const b1 = (await page1.json()) as { items: { seq: number; action: string }[]; next_cursor: string };
    expect(b1.items).toHaveLength(20);
    expect(b1.items.every((i) => i.action === 'test.concurrent')).toBe(true);
    const page2 = await app.request(`/api/audit?action=test.concurrent&limit=20&cursor=${b1.next_cursor}`, {
      headers: auditor.headers,
    });
    const b2 = (await page2.json()) as { items: { seq: number }[] };
    expect(b2.items[0]!.seq).toBeLessThan(b1.items.at(-1)!.seq);
    const mine = await app.request(`/api/audit?actor=${auditor.user.id}`, { headers: auditor.headers });
    const bm = (await mine.json()) as { items: { action: string }[] };
    expect(bm.items.map((i) => i.action)).toEqual(['auth.login']);
    const bad = await app.request('/api/audit?cursor=nope', { headers: auditor.headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION');
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the trigger', async () => {
    for (const stmt of [
      sql`update audit_log set action = 'x' where seq = 1`,
      sql`delete from audit_log where seq = 1`,
      sql`truncate audit_log`,
    ]) {
      await expect(stmt.execute(database.db)).rejects.toThrow(/append-only/);
    }
    expect(
      (await database.db.selectFrom('audit_log').select('action').where('seq', '=', 1).executeTakeFirst())
        ?.action,
    ).toBe('test.concurrent');
  });

  it('exports JSONL and CSV that verify offline, with the CLI exit codes', async () => {
    for (const format of ['jsonl', 'csv'] as const) {
      const res = await app.request(`/api/audit/export?format=${format}`, { headers: auditor.headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toContain(`.${format}`);
      const file = path.join(tmp, `good.${format}`);
      await writeFile(file, await res.text());
      const verdict = await verifyExportFile(file);
      expect(verdict).toMatchObject({ ok: true });
      expect(verdict.entries).toBeGreaterThanOrEqual(56);
    }
    const cli = path.resolve(import.meta.dirname, '../cli/audit-verify.main.ts');
    const run = promisify(execFile);
    const ok = await run(process.execPath, [
      '--conditions=source',
      '--import',
      'tsx',
      cli,
      path.join(tmp, 'good.jsonl'),
    ]);
    expect(ok.stdout).toMatch(/^OK: \d+ entries/);
  });

  it('reports a row altered by a superuser at its exact seq, online and offline', async () => {
    await tamper(17, { k: 999 });
    const res = await app.request('/api/audit/verify', { headers: auditor.headers });
    const verdict = (await res.json()) as { ok: boolean; first_broken: { seq: number; reason: string } };
    expect(verdict.ok).toBe(false);
    expect(verdict.first_broken).toEqual({ seq: 17, reason: 'hash_mismatch' });

    for (const format of ['jsonl', 'csv'] as const) {
      const exp = await app.request(`/api/audit/export?format=${format}`, { headers: auditor.headers });
      const file = path.join(tmp, `tampered.${format}`);
      await writeFile(file, await exp.text());
      const offline = await verifyExportFile(file);
      expect(offline.ok).toBe(false);
      expect(offline.first_broken).toEqual({ seq: 17, reason: 'hash_mismatch' });
      expect(offline.broken_entry?.details).toEqual({ k: 999 });
    }
    const cli = path.resolve(import.meta.dirname, '../cli/audit-verify.main.ts');
    const failed = await promisify(execFile)(process.execPath, [
      '--conditions=source',
      '--import',
      'tsx',
      cli,
      path.join(tmp, 'tampered.jsonl'),
    ]).catch((err: { code: number; stdout: string }) => err);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stdout: string }).stdout).toContain('first broken entry at seq 17 (hash_mismatch)');
  });

  it('finds an edit made inside the exported file (a line changed, a line removed)', async () => {
    const lines = (await readFile(path.join(tmp, 'good.jsonl'), 'utf8')).trim().split('\n');
    const edited = lines.map((l, k) => (k === 29 ? l.replace('"test.concurrent"', '"test.edited"') : l));
    await writeFile(path.join(tmp, 'edited.jsonl'), `${edited.join('\n')}\n`);
    expect((await verifyExportFile(path.join(tmp, 'edited.jsonl'))).first_broken).toEqual({
      seq: 30,
      reason: 'hash_mismatch',
    });
    const removed = lines.filter((_, k) => k !== 39);
    await writeFile(path.join(tmp, 'removed.jsonl'), `${removed.join('\n')}\n`);
    expect((await verifyExportFile(path.join(tmp, 'removed.jsonl'))).first_broken).toEqual({
      seq: 41,
      reason: 'seq_gap',
    });
  });

  it.skipIf(!process.env.DATABASE_URL)(
    "refuses UPDATE and DELETE as the application's runtime role (INSERT and SELECT only)",
    async () => {
      const role = `t_app_${randomBytes(4).toString('hex')}`;
      const password = randomBytes(12).toString('hex');
      const dbName = (await sql<{ d: string }>`select current_database() as d`.execute(database.db)).rows[0]!
        .d;
      await sql.raw(`create role ${role} login password '${password}'`).execute(database.db);
      cleanups.push(async () => {
        const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
        await admin.connect();
        await admin.query(`drop role if exists ${role}`);
        await admin.end();
      });
      await sql.raw(`grant connect on database ${dbName} to ${role}`).execute(database.db);
      await sql.raw(`grant usage on schema public to ${role}`).execute(database.db);
      await sql.raw(`grant select, insert on audit_log to ${role}`).execute(database.db);

      const url = new URL(database.connectionString);
      url.username = role;
      url.password = password;
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const count = await client.query('select count(*)::int as n from audit_log');
        expect(count.rows[0].n).toBeGreaterThan(0);
        await expect(client.query("update audit_log set action = 'x' where seq = 1")).rejects.toMatchObject({
          code: '42501',
          message: expect.stringMatching(/permission denied/),
        });
        await expect(client.query('delete from audit_log where seq = 1')).rejects.toMatchObject({
          code: '42501',
        });
        await expect(client.query('truncate audit_log')).rejects.toMatchObject({ code: '42501' });
      } finally {
        await client.end();
      }
      // Even a role granted UPDATE/DELETE by mistake meets the trigger.
      await sql.raw(`grant update, delete on audit_log to ${role}`).execute(database.db);
      const c2 = new pg.Client({ connectionString: url.toString() });
      await c2.connect();
      try {
        await expect(c2.query("update audit_log set action = 'x' where seq = 1")).rejects.toThrow(
          /append-only/,
        );
        await expect(c2.query('delete from audit_log where seq = 1')).rejects.toThrow(/append-only/);
      } finally {
        await c2.end();
      }
      await sql.raw(`revoke all on audit_log from ${role}`).execute(database.db);
      await sql.raw(`revoke all on schema public from ${role}`).execute(database.db);
      await sql.raw(`revoke all on database ${dbName} from ${role}`).execute(database.db);
    },
  );
});
