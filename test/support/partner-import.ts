import { DiditClient } from '@console/didit/client';
import type { Page } from 'playwright-core';
import { apiAs } from './browser.ts';
import type { ConsoleProcess } from './console.ts';
import { sandboxApplications } from './suite.ts';

/**
 * A partner's side of reusable KYC, against the console's own sandbox (sandbox mode): the partner application
 * finishes a KYC session and mints a share token for the console's application, which the console then
 * imports (through its API, or at Didit directly, "outside the console"). The sandbox's applications are
 * deterministic for its default seed, and the console logs the sandbox's URL at start.
 */
export interface PartnerSide {
  /** The partner application's Didit client. */
  partner: DiditClient;
  /** The console application's own Didit client (for an import made outside the console). */
  own: DiditClient;
  partnerApplicationId: string;
  consoleApplicationId: string;
  partnerKycWorkflow: string;
  consoleKycWorkflow: string;
}

/** The URL of the sandbox the console started (it logs `{"sandbox": "http://…"}`). */
function sandboxUrlOf(konsole: ConsoleProcess): string {
  for (const line of konsole.logs().split('\n')) {
    try {
      const entry = JSON.parse(line) as { sandbox?: unknown };
      if (typeof entry.sandbox === 'string' && entry.sandbox.startsWith('http')) return entry.sandbox;
    } catch {}
  }
  throw new Error(`the console did not log its sandbox URL:\n${konsole.logs()}`);
}

export async function partnerSide(konsole: ConsoleProcess): Promise<PartnerSide> {
  const apps = await sandboxApplications();
  const baseUrl = sandboxUrlOf(konsole);
  const kyc = (app: typeof apps.partner) => app.workflows.find((w) => w.session_kind === 'user')!.workflow_id;
  return {
    partner: new DiditClient({ baseUrl, apiKey: apps.partner.api_key }),
    own: new DiditClient({ baseUrl, apiKey: apps.console.api_key }),
    partnerApplicationId: apps.partner.application_id,
    consoleApplicationId: apps.console.application_id,
    partnerKycWorkflow: kyc(apps.partner),
    consoleKycWorkflow: kyc(apps.console),
  };
}

/** A KYC session the partner finished (Approved), shared with the console's application: the token. */
export async function partnerToken(side: PartnerSide, ttl = 3600): Promise<string> {
  const created = await side.partner.createSession({
    workflow_id: side.partnerKycWorkflow,
    sandbox_scenario: 'approve',
    vendor_data: `partner-${Date.now().toString(36)}`,
  });
  for (let i = 0; i < 60; i++) {
    if ((await side.partner.getDecision(created.session_id)).status === 'Approved') break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const share = await side.partner.shareSession(created.session_id, {
    for_application_id: side.consoleApplicationId,
    ttl_in_seconds: ttl,
  });
  return share.share_token;
}

/** Registers the partner application under `name`, as `page`'s user (a partner manager). */
export async function registerPartner(page: Page, side: PartnerSide, name: string): Promise<void> {
  const res = await apiAs(page, 'POST', '/api/partners', {
    name,
    application_id: side.partnerApplicationId,
    contact: null,
    default_trust_review: false,
    notes: '',
  });
  if (res.status !== 201) throw new Error(`POST /api/partners: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Imports a fresh partner token through the console (`POST /api/imports`): the new local session's id. */
export async function importThroughConsole(page: Page, side: PartnerSide): Promise<string> {
  const res = await apiAs(page, 'POST', '/api/imports', {
    share_token: await partnerToken(side),
    workflow_id: side.consoleKycWorkflow,
  });
  if (res.status !== 201) throw new Error(`POST /api/imports: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.session.session_id as string;
}

/**
 * Imports a fresh partner token at Didit directly with the console application's key, as another tool would:
 * the console learns of the session by webhook, with Didit's `shared_from_session` but no ledger entry.
 * Returns once the console shows the session.
 */
export async function importOutsideConsole(page: Page, side: PartnerSide): Promise<string> {
  const imported = await side.own.importShared({
    share_token: await partnerToken(side),
    workflow_id: side.consoleKycWorkflow,
    trust_review: false,
  });
  for (let i = 0; i < 120; i++) {
    if ((await apiAs(page, 'GET', `/api/sessions/${imported.session_id}`)).status === 200)
      return imported.session_id;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the console never showed session ${imported.session_id} imported at Didit`);
}
