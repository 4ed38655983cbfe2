// The client against bodies copied from Didit's documentation (fixtures/documented/, each naming its page),
// served over real HTTP by a scripted server; then the calls the console added against the sandbox.

import { DiditClient } from '@console/didit/client';
import { documented } from '@console/didit/fixtures/documented';
import { failure } from '@console/didit/test/failure';
import { json, type StubServer, startStubServer } from '@console/didit/test/stub-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from './sandbox.ts';

let stub: StubServer;
let sandbox: Sandbox;
let sandboxUrl: string;
let closeSandbox: () => Promise<void>;

beforeAll(async () => {
  stub = await startStubServer((_req, res) => json(res, 500, {}));
  sandbox = createSandbox({
    seed: 16,
    rateLimits: false,
    stepDelayMs: 10,
    readOnlyApplications: ['auditor'],
    applications: ['auditor'],
  });
  ({ baseUrl: sandboxUrl, close: closeSandbox } = await sandbox.listen(0, '127.0.0.1'));
});
afterAll(async () => {
  await stub?.close();
  await closeSandbox?.();
  await sandbox?.close();
});

const stubClient = () =>
  new DiditClient({ baseUrl: stub.baseUrl, apiKey: 'k-documented', retryBaseDelayMs: 1, maxGetRetries: 0 });
const serve = (status: number, body: unknown) => stub.setHandler((_req, res) => json(res, status, body));
const app = (name: string) => sandbox.applications.find((a) => a.name === name)!;
const sandboxClient = (name = 'console') =>
  new DiditClient({ baseUrl: sandboxUrl, apiKey: app(name).api_key, retryBaseDelayMs: 1 });

describe('documented bodies', () => {
  it.each([
    ['KYC decision', documented.kycDecision.body],
    ['KYB decision (UPPER_SNAKE)', documented.kybDecision.body],
    ['KYB decision (Title Case)', documented.kybDecisionTitleCase.body],
  ])('reads the %s exactly as documented', async (_name, body) => {
    serve(200, body);
    expect(await stubClient().getDecision(body.session_id)).toEqual(body);
  });

  it('reads the documented list page, KYC row and all', async () => {
    serve(200, documented.listSessions.body);
    const page = await stubClient().listSessions({ session_kind: 'all' });
    expect(page.count).toBe(2);
    expect(page.results[0]).toEqual(documented.listSessions.body.results[0]);
  });

  it('reads the documented create, update-status, share, AML-hit and review bodies', async () => {
    const r = documented.responses;
    const c = stubClient();
    serve(201, r.create_session.body);
    expect((await c.createSession({ workflow_id: 'w' })).url).toBe(r.create_session.body.url);
    serve(200, r.update_status.body);
    expect(await c.updateStatus('s', { new_status: 'Approved' })).toEqual(r.update_status.body);
    serve(201, r.share.body);
    expect((await c.shareSession('s', { for_application_id: 'a' })).session_kind).toBe('user');
    serve(200, r.update_aml_hit.body);
    expect(
      (await c.updateAmlHitStatus('s', { hit_id: 'abc123', review_status: 'False Positive' })).hit_id,
    ).toBe('abc123');
    serve(201, r.create_review.body);
    expect(await c.createReview('s', { new_status: 'Approved' })).toEqual(r.create_review.body);
    serve(200, r.list_reviews.body);
    const reviews = await c.listReviews('s');
    expect(reviews.results[0]).toEqual(r.list_reviews.body.results[0]);
    expect(stub.requests.at(-1)!.path).toBe('/v3/sessions/s/reviews/');
  });

  it('maps the documented 404 and 403 bodies', async () => {
    const e = documented.errors;
    serve(e.not_found.status, e.not_found.body);
    const missing = await failure(stubClient().getDecision('nope'));
    expect([missing.kind, missing.detail]).toEqual(['not_found', 'Not found.']);
    serve(e.forbidden.status, e.forbidden.body);
    expect((await failure(stubClient().getDecision('x'))).kind).toBe('auth');
  });

  // Issue 16 item 4: Didit answers DRF's generic permission body when the key lacks the permission; only a
  // different 403 body is about the token.
  it('tells an import 403 about the API key from one about the token, by the body', async () => {
    serve(403, documented.errors.forbidden.body);
    const keyProblem = await failure(
      stubClient().importShared({ share_token: 'eyJx.eyJ.y', trust_review: false, workflow_id: 'w' }),
    );
    expect(keyProblem.kind).toBe('auth');
    // The HTTP answer for this kind ("the console's API key") is api/src/platform/http/didit-errors.test.ts's.
    serve(403, { detail: 'This share token was not issued for your application.' });
    const tokenProblem = await failure(
      stubClient().importShared({ share_token: 'eyJx.eyJ.y', trust_review: false, workflow_id: 'w' }),
    );
    expect(tokenProblem.kind).toBe('forbidden');
  });
});

describe('calls added for issue 16, against the sandbox', () => {
  const seeded = async (status: string, kind: 'user' | 'business' = 'user') =>
    (await sandbox.seedSessions({ application: 'console', count: 1, kind, statuses: [status] }))[0]!;

  it('deletes a session once: 204, then its decision and a second delete are 404', async () => {
    const id = await seeded('Approved');
    const c = sandboxClient();
    await c.deleteSession(id);
    expect((await failure(c.getDecision(id))).kind).toBe('not_found');
    expect((await failure(c.deleteSession(id))).kind).toBe('not_found');
  });

  it('generates Didit PDF for a finished session and is refused (403) for an unfinished one', async () => {
    const c = sandboxClient();
    const id = await seeded('In Review');
    const pdf = await c.generatePdf(id);
    expect(new TextDecoder().decode(pdf.bytes.subarray(0, 5))).toBe('%PDF-');
    expect(pdf.filename).toBe(`session_${id}.pdf`);
    expect(pdf.contentType).toBe('application/pdf');
    const kyb = await seeded('Approved', 'business');
    expect((await c.generatePdf(kyb)).filename).toBe(`business_${kyb}.pdf`);
    const early = await seeded('Not Started');
    const refused = await failure(c.generatePdf(early));
    expect([refused.status, refused.kind]).toEqual([403, 'auth']);
  });

  it('records a review that sets the status, and lists it in the activity feed', async () => {
    const c = sandboxClient();
    const id = await seeded('In Review');
    const review = await c.createReview(id, { new_status: 'Approved', comment: 'Checked by hand' });
    expect(review).toMatchObject({ user: 'API Client', new_status: 'Approved', comment: 'Checked by hand' });
    expect((await c.getDecision(id)).status).toBe('Approved');
    const feed = await c.listReviews(id);
    expect(feed.results[0]).toMatchObject({
      activity_type: 'STATUS_UPDATED',
      previous_status: 'In Review',
      new_status: 'Approved',
    });
    const kyb = await seeded('In Review', 'business');
    expect((await failure(c.listReviews(kyb))).kind).toBe('not_found');
  });

  it('updates AML hits in bulk, all or nothing', async () => {
    const c = sandboxClient();
    const created = await c.createSession({
      workflow_id: app('console').workflows.find((w) => w.session_kind === 'user')!.workflow_id,
      sandbox_scenario: 'review_aml_hit',
    });
    await sandbox.idle();
    const decision = await c.getDecision(created.session_id);
    const hits = ((decision.aml_screenings as any[])[0].hits as any[]).map((h) => h.id as string);
    expect(hits.length).toBeGreaterThan(0);
    const unknown = await failure(
      c.bulkUpdateAmlHitStatus(created.session_id, {
        hit_updates: [
          { hit_id: hits[0]!, review_status: 'False Positive' },
          { hit_id: 'no-such-hit', review_status: 'False Positive' },
        ],
      }),
    );
    expect(unknown.kind).toBe('not_found');
    expect(
      ((await c.getDecision(created.session_id)).aml_screenings as any[])[0].hits[0].review_status,
    ).not.toBe('False Positive');
    await c.bulkUpdateAmlHitStatus(created.session_id, {
      hit_updates: hits.map((hit_id) => ({ hit_id, review_status: 'False Positive' as const })),
    });
    const after = (await c.getDecision(created.session_id)).aml_screenings as any[];
    expect(after[0].hits.every((h: any) => h.review_status === 'False Positive')).toBe(true);
  });

  it('an import refused for a read-only key is the API key problem, not the token', async () => {
    const [source] = await sandbox.seedSessions({ application: 'partner', count: 1, statuses: ['Approved'] });
    const token = (
      await sandboxClient('partner').shareSession(source!, {
        for_application_id: app('auditor').application_id,
      })
    ).share_token;
    const refused = await failure(
      sandboxClient('auditor').importShared({
        share_token: token,
        trust_review: false,
        workflow_id: app('auditor').workflows[0]!.workflow_id,
      }),
    );
    expect([refused.status, refused.kind]).toEqual([403, 'auth']);
  });
});
