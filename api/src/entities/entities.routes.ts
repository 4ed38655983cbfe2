import { ENTITY_KINDS, ENTITY_STATUSES } from '@console/didit/types';
import { z } from '@hono/zod-openapi';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import { actorOf } from '../review/review.routes.ts';
import { type EntityDeps, getEntityProfile, setEntityStatus } from './entities.service.ts';

const Params = z.object({
  kind: z.enum(ENTITY_KINDS),
  vendor_data: z.string().min(1).max(1000),
});

const StatusEntry = z.object({
  status: z.enum(ENTITY_STATUSES),
  previous_status: z.string().nullable(),
  at: z.string(),
  source: z.enum(['webhook', 'reviewer']),
});

const Profile = z.object({
  kind: z.enum(ENTITY_KINDS),
  vendor_data: z.string(),
  status: z.enum(ENTITY_STATUSES).nullable(),
  previous_status: z.string().nullable(),
  status_at: z.string().nullable(),
  status_history: z.array(StatusEntry),
  counters: z.object({
    session_count: z.number().int().nullable(),
    approved_count: z.number().int().nullable(),
    declined_count: z.number().int().nullable(),
    in_review_count: z.number().int().nullable(),
  }),
  profile: z.record(z.string(), z.unknown()),
  events: z.array(
    z.object({
      source: z.enum(['webhook', 'reviewer']),
      webhook_type: z.string().nullable(),
      status: z.string().nullable(),
      previous_status: z.string().nullable(),
      changed_fields: z.unknown(),
      occurred_at: z.string(),
      apply_state: z.string(),
      actor_user_id: z.string().nullable(),
      reason: z.string().nullable(),
    }),
  ),
  sessions: z.array(
    z.object({
      session_id: z.string(),
      session_number: z.number().nullable(),
      status: z.string().nullable(),
      status_key: z.string().nullable(),
      full_name: z.string().nullable(),
      imported: z.boolean(),
      shared_from_session: z.string().nullable(),
      created_at: z.string(),
      updated_at: z.string(),
    }),
  ),
});

const getRoute = route('get', '/api/entities/{kind}/{vendor_data}', {
  summary: 'A person (user) or business by vendor_data: Didit entity status and history, counters, sessions',
  request: { params: Params },
  responses: { 200: json(Profile, 'The profile') },
  errors: { 404: 'NOT_FOUND: no entity, event or session with this vendor_data' },
});

const statusRoute = route('post', '/api/entities/{kind}/{vendor_data}/status', {
  summary: 'Flag, block or reactivate at Didit (update-status); reason required; audited',
  request: {
    params: Params,
    body: jsonBody(z.object({ status: z.enum(ENTITY_STATUSES), reason: z.string().trim().min(1).max(1000) })),
  },
  responses: {
    202: json(
      z.object({ requested: z.enum(ENTITY_STATUSES), previous: z.string().nullable() }),
      'Accepted by Didit; the status changes here when its webhook arrives',
    ),
  },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function entitiesRoutes(deps: EntityDeps) {
  const app = createRouter();
  app.openapi(getRoute, async (c) => {
    const { kind, vendor_data } = c.req.valid('param');
    const { entity: e, events, sessions } = await getEntityProfile(deps, kind, vendor_data);
    return c.json(
      {
        kind,
        vendor_data,
        status: e?.status ?? null,
        previous_status: e?.previous_status ?? null,
        status_at: iso(e?.status_at ?? null),
        status_history: (e?.status_history ?? []).map(({ status, previous_status, at, source }) => ({
          status,
          previous_status,
          at,
          source,
        })),
        counters: {
          session_count: e?.session_count ?? null,
          approved_count: e?.approved_count ?? null,
          declined_count: e?.declined_count ?? null,
          in_review_count: e?.in_review_count ?? null,
        },
        profile: e
          ? {
              display_name: e.display_name,
              full_name: e.full_name,
              date_of_birth: e.date_of_birth,
              legal_name: e.legal_name,
              registration_number: e.registration_number,
              country_code: e.country_code,
              first_session_at: e.first_session_at,
              last_session_at: e.last_session_at,
              ...e.profile,
            }
          : {},
        events: events.map((ev) => ({
          source: ev.source,
          webhook_type: ev.webhook_type,
          status: ev.status,
          previous_status: ev.previous_status,
          changed_fields: ev.changed_fields,
          occurred_at: ev.occurred_at.toISOString(),
          apply_state: ev.apply_state,
          actor_user_id: ev.actor_user_id,
          reason: ev.reason,
        })),
        sessions: sessions.map((s) => ({
          session_id: s.session_id,
          session_number: s.session_number === null ? null : Number(s.session_number),
          status: s.status,
          status_key: s.status_key,
          full_name: s.full_name,
          imported: s.imported,
          shared_from_session: s.shared_from_session,
          created_at: s.sort_at.toISOString(),
          updated_at: s.updated_at.toISOString(),
        })),
      },
      200,
    );
  });
  app.openapi(statusRoute, async (c) => {
    const { kind, vendor_data } = c.req.valid('param');
    const result = await setEntityStatus(deps, actorOf(c), kind, vendor_data, c.req.valid('json'));
    return c.json(result, 202);
  });
  return app;
}
