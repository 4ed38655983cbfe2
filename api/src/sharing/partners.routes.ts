import { z } from '@hono/zod-openapi';
import { auditContext } from '../audit/audit.service.ts';
import { json, jsonBody, route } from '../platform/http/openapi.ts';
import { createRouter } from '../platform/http/router.ts';
import type { PartnerWithCounts } from './partners.repository.ts';
import { createPartner, editPartner, listPartners } from './partners.service.ts';
import type { SharingDeps } from './sharing.deps.ts';

export const PartnerView = z
  .object({
    id: z.string(),
    name: z.string(),
    application_id: z.string(),
    contact: z.string().nullable(),
    default_trust_review: z.boolean(),
    notes: z.string(),
    shares: z.number().int(),
    imports: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Partner');

function partnerView(p: PartnerWithCounts): z.infer<typeof PartnerView> {
  return {
    id: p.id,
    name: p.name,
    application_id: p.application_id,
    contact: p.contact,
    default_trust_review: p.default_trust_review,
    notes: p.notes,
    shares: p.shares,
    imports: p.imports,
    created_at: p.created_at.toISOString(),
    updated_at: p.updated_at.toISOString(),
  };
}

const name = z.string().trim().min(1, 'a name is required').max(200);
const applicationId = z.uuid(
  'a Didit application id is a UUID, e.g. 3f1c…-…; find it in Didit → Settings → Application',
);
const contact = z
  .string()
  .trim()
  .max(500)
  .nullable()
  .transform((v) => (v === '' ? null : v));
const notes = z.string().max(5000);

const CreatePartner = z.object({
  name,
  application_id: applicationId,
  contact: contact.optional(),
  default_trust_review: z.boolean().default(false),
  notes: notes.default(''),
});
const EditPartner = z
  .object({
    name: name.optional(),
    application_id: applicationId.optional(),
    contact: contact.optional(),
    default_trust_review: z.boolean().optional(),
    notes: notes.optional(),
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), 'nothing to change');

const listRoute = route('get', '/api/partners', {
  summary: 'Partners with their share and import counts',
  responses: { 200: json(z.object({ items: z.array(PartnerView) }), 'Every partner, by name') },
});

const createRoute_ = route('post', '/api/partners', {
  summary: 'Register a partner application',
  request: { body: jsonBody(CreatePartner) },
  responses: { 201: json(PartnerView, 'The new partner') },
  errors: {
    400: 'VALIDATION',
    409: 'CONFLICT: the name or application id is taken',
    422: "SHARE_TO_OWN_APPLICATION: that is this console's own application",
  },
});

const editRoute = route('patch', '/api/partners/{id}', {
  summary: 'Change a partner',
  request: {
    params: z.object({ id: z.uuid() }),
    body: jsonBody(EditPartner),
  },
  responses: { 200: json(PartnerView, 'The partner as it is now') },
  errors: { 404: 'NOT_FOUND', 409: 'CONFLICT' },
});

export function partnersRoutes(deps: SharingDeps) {
  const router = createRouter();

  router.openapi(listRoute, async (c) => {
    const items = await listPartners(deps);
    return c.json({ items: items.map(partnerView) }, 200);
  });

  router.openapi(createRoute_, async (c) => {
    const p = await createPartner(deps, auditContext(c), c.req.valid('json'));
    return c.json(partnerView(p), 201);
  });

  router.openapi(editRoute, async (c) => {
    const { id } = c.req.valid('param');
    const p = await editPartner(deps, auditContext(c), id, c.req.valid('json'));
    return c.json(partnerView(p), 200);
  });

  return router;
}
