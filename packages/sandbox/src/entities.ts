import type { PyValue } from '@console/didit/python-json';
import { ENTITY_STATUSES, type EntityStatus } from '@console/didit/types';
import { Hono } from 'hono';
import { appOf, type Core, type SandboxEnv } from './core.ts';
import { optionalString, requiredChoice } from './fields.ts';
import type { Obj } from './generator-context.ts';
import { notFound, pyJson, readJsonObject } from './http.ts';
import type { SandboxApplication, SessionRecord, Store } from './store.ts';

/**
 * Didit's User and Business entities (https://docs.didit.me/entities/users/operations,
 * https://docs.didit.me/management-api/users/update-status, …/businesses/…): one per application, kind and
 * `vendor_data`, created with the first session that names it, aggregating its sessions. Status is ACTIVE,
 * FLAGGED or BLOCKED. Changes go out as flat entity webhooks (https://docs.didit.me/entities/webhooks):
 * `*.status.updated` with status and previous_status (never the reason), `*.data.updated` with
 * changed_fields and a changes map.
 */
type Kind = 'user' | 'business';
const MAX_REASON = 1000;

export interface EntityRecord {
  app: SandboxApplication;
  kind: Kind;
  vendorData: string;
  uuid: string;
  status: EntityStatus;
  createdAt: Date;
  /** STATUS_CHANGED activity with the reason as its comment (only when the status changed). */
  comments: {
    comment: string | null;
    previous_status: EntityStatus;
    status: EntityStatus;
    created_at: string;
  }[];
  /** What the last data webhook said, to compute the next one's changes. */
  snapshot: Obj;
}

const key = (app: SandboxApplication, kind: Kind, vd: string) => `${app.application_id}|${kind}|${vd}`;

export class EntityStore {
  readonly byKey = new Map<string, EntityRecord>();
  /** Each entity's sessions, kept as events name them, so a webhook does not scan every session. */
  private readonly members = new Map<string, Set<SessionRecord>>();
  constructor(private readonly store: Store) {}

  /** Records that a session names this entity; the first time, also every earlier session that does. */
  join(rec: SessionRecord): void {
    if (rec.vendorData === null) return;
    const k = key(rec.app, rec.kind, rec.vendorData);
    let set = this.members.get(k);
    if (!set) {
      set = new Set(
        [...this.store.sessions.values()].filter(
          (s) => s.app === rec.app && s.kind === rec.kind && s.vendorData === rec.vendorData,
        ),
      );
      this.members.set(k, set);
    }
    set.add(rec);
  }

  /** An entity exists once a session names its vendor_data (seeded sessions included). */
  find(app: SandboxApplication, kind: Kind, vd: string): EntityRecord | undefined {
    const e = this.byKey.get(key(app, kind, vd));
    if (e) return e;
    const named = [...this.store.sessions.values()].find(
      (s) => s.app === app && s.kind === kind && s.vendorData === vd && !s.deleted,
    );
    return named ? this.ensure(app, kind, vd, named.createdAt) : undefined;
  }

  ensure(app: SandboxApplication, kind: Kind, vd: string, at: Date): EntityRecord {
    const k = key(app, kind, vd);
    let e = this.byKey.get(k);
    if (!e) {
      e = {
        app,
        kind,
        vendorData: vd,
        uuid: this.store.rng.uuid(),
        status: 'ACTIVE',
        createdAt: at,
        comments: [],
        snapshot: {},
      };
      this.byKey.set(k, e);
    }
    return e;
  }

  sessionsOf(e: EntityRecord): SessionRecord[] {
    const set = this.members.get(key(e.app, e.kind, e.vendorData));
    const all = set ? [...set] : [...this.store.sessions.values()];
    return all.filter(
      (s) => s.app === e.app && s.kind === e.kind && s.vendorData === e.vendorData && !s.deleted,
    );
  }

  /** The profile fields Didit lists for data webhooks, computed from the entity's sessions. */
  profile(e: EntityRecord): Obj {
    const sessions = this.sessionsOf(e).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const count = (s: string) => sessions.filter((r) => r.status === s).length;
    const first = sessions[0];
    const last = sessions.at(-1);
    const out: Obj = {
      vendor_data: e.vendorData,
      session_count: sessions.length,
      approved_count: count('Approved'),
      declined_count: count('Declined'),
      in_review_count: count('In Review'),
      first_session_at: first ? first.createdAt.toISOString() : null,
      last_session_at: last ? last.createdAt.toISOString() : null,
    };
    // The newest session whose decision's first `array` item names the subject.
    const latestFirst = (array: string, field: string) =>
      [...sessions]
        .reverse()
        .map((s) => {
          const items = s.decision[array];
          return Array.isArray(items) ? (items[0] as Obj) : undefined;
        })
        .find((x) => x?.[field]);
    if (e.kind === 'user') {
      const idv = latestFirst('id_verifications', 'full_name');
      out.full_name = (idv?.full_name as PyValue) ?? null;
      out.date_of_birth = (idv?.date_of_birth as PyValue) ?? null;
    } else {
      const reg = latestFirst('registry_checks', 'company_name');
      out.legal_name = (reg?.company_name as PyValue) ?? null;
      out.registration_number = (reg?.registration_number as PyValue) ?? null;
      out.country_code = (reg?.country_code as PyValue) ?? null;
    }
    return out;
  }

  view(e: EntityRecord): Obj {
    return {
      uuid: e.uuid,
      ...this.profile(e),
      status: e.status,
      created_at: e.createdAt.toISOString(),
      comments: e.comments as unknown as PyValue,
    };
  }
}

/** Follows a session event: creates the entity and sends `*.data.updated` for whatever changed. */
export function entityFollowsSession(core: Core, entities: EntityStore, rec: SessionRecord): void {
  if (rec.vendorData === null) return;
  entities.join(rec);
  const e = entities.ensure(rec.app, rec.kind, rec.vendorData, core.clock.now());
  const now = entities.profile(e);
  const changed = Object.keys(now).filter(
    (f) => JSON.stringify(now[f]) !== JSON.stringify(e.snapshot[f] ?? null),
  );
  const previous = e.snapshot;
  e.snapshot = now;
  if (changed.length === 0) return;
  const changes: Obj = {};
  for (const f of changed) changes[f] = { previous: previous[f] ?? null, current: now[f] ?? null };
  void core.dispatcher.emitEntity(rec.app, `${rec.kind}.data.updated`, e.vendorData, {
    changed_fields: changed,
    changes,
  });
}

export function entityRoutes(core: Core, entities: EntityStore): Hono<SandboxEnv> {
  const r = new Hono<SandboxEnv>();
  for (const [path, kind] of [
    ['users', 'user'],
    ['businesses', 'business'],
  ] as const) {
    r.get(`/v3/${path}/`, (c) => {
      const app = appOf(c);
      const status = c.req.query('status');
      const search = c.req.query('search')?.toLowerCase();
      const pageSize = Math.max(1, Math.min(Number(c.req.query('page_size') ?? 50) || 50, 200));
      const page = Math.max(1, Number(c.req.query('page') ?? 1) || 1);
      const rows = [...entities.byKey.values()]
        .filter((e) => e.app === app && e.kind === kind)
        .filter((e) => !status || e.status === status)
        .filter((e) => !search || e.vendorData.toLowerCase().includes(search))
        .map((e) => entities.view(e));
      // The list's envelope is not shown on the pages; DRF's paginated shape, as for sessions.
      return pyJson(c, 200, {
        count: rows.length,
        next: page * pageSize < rows.length ? `/v3/${path}/?page=${page + 1}&page_size=${pageSize}` : null,
        previous: page > 1 ? `/v3/${path}/?page=${page - 1}&page_size=${pageSize}` : null,
        results: rows.slice((page - 1) * pageSize, page * pageSize),
      });
    });

    r.get(`/v3/${path}/:vendorData/`, (c) => {
      const e = entities.find(appOf(c), kind, c.req.param('vendorData'));
      if (!e) throw notFound();
      return pyJson(c, 200, entities.view(e));
    });

    r.patch(`/v3/${path}/:vendorData/update-status/`, async (c) => {
      const e = entities.find(appOf(c), kind, c.req.param('vendorData'));
      if (!e) throw notFound();
      const body = await readJsonObject(c);
      const next = requiredChoice(body, 'status', ENTITY_STATUSES);
      const reason = optionalString(body, 'reason', MAX_REASON);
      const previous = e.status;
      if (next !== previous) {
        e.status = next;
        e.comments.push({
          comment: reason,
          previous_status: previous,
          status: next,
          created_at: core.clock.now().toISOString(),
        });
        void core.dispatcher.emitEntity(e.app, `${kind}.status.updated`, e.vendorData, {
          status: next,
          previous_status: previous,
        });
      }
      // The 200 body is not documented; the updated profile, as the get route returns it.
      return pyJson(c, 200, entities.view(e));
    });
  }
  return r;
}
