import type { PyValue } from '@console/didit/python-json';
import { type Decision, generateDecision } from './generator.ts';
import type { MediaSigner } from './media.ts';
import { Rng } from './rng.ts';
import type { Scenario, SessionKind, SessionStatus } from './statuses.ts';
import { type KybStatusCasing, wireStatus } from './statuses.ts';

export interface SandboxWorkflow {
  workflow_id: string;
  session_kind: 'user' | 'business';
  label: string;
}

export interface SandboxApplication {
  name: string;
  /** How this application's KYB statuses are spelled (see statuses.ts); UPPER_SNAKE unless set. */
  kybStatusCasing?: KybStatusCasing;
  application_id: string;
  api_key: string;
  workflows: SandboxWorkflow[];
}

export interface SessionRecord {
  app: SandboxApplication;
  id: string;
  number: number;
  token: string;
  kind: SessionKind;
  workflow: SandboxWorkflow;
  workflowVersion: number;
  status: SessionStatus;
  vendorData: string | null;
  metadata: PyValue;
  callback: string | null;
  callbackMethod: string;
  language: string | null;
  contactDetails: PyValue;
  expectedDetails: PyValue;
  createdAt: Date;
  scenario: Scenario | undefined;
  /** The decision as `GET /decision/` shows it now. */
  decision: Decision;
  sharedFrom: string | undefined;
  deleted: boolean;
  lastBackendResubmitAt: number | undefined;
}

export interface DestinationRecord {
  app: SandboxApplication;
  uuid: string;
  label: string;
  url: string;
  enabled: boolean;
  webhookVersion: string;
  secret: string;
  subscribedEvents: string[];
  createdAt: Date;
  updatedAt: Date;
  deleted: boolean;
}

const WORKFLOW_VERSION = 3;

/** The sandbox's whole state, in memory; ids come from one seeded stream so a seed replays a run. */
export class Store {
  readonly applications: SandboxApplication[];
  readonly rng: Rng;
  readonly shareSecret: Uint8Array;
  readonly mediaSecret: string;
  private readonly byKey = new Map<string, SandboxApplication>();
  private readonly byId = new Map<string, SandboxApplication>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly destinations = new Map<string, DestinationRecord>();
  /** `(sha of share token) + application id` pairs already imported (docs/didit.md §2.9). */
  readonly imports = new Set<string>();
  private readonly counters = new Map<string, number>();

  constructor(
    readonly seed: number,
    names: string[],
  ) {
    this.rng = new Rng(seed, 'store');
    const keys = new Rng(seed, 'keys');
    this.shareSecret = new TextEncoder().encode(keys.token(48));
    this.mediaSecret = keys.token(32);
    this.applications = names.map((name) => {
      const r = new Rng(seed, `application:${name}`);
      const app: SandboxApplication = {
        name,
        application_id: r.uuid(),
        api_key: `sbx_${r.token(40)}`,
        workflows: [
          { workflow_id: r.uuid(), session_kind: 'user', label: `${name} KYC` },
          { workflow_id: r.uuid(), session_kind: 'business', label: `${name} KYB` },
        ],
      };
      this.byKey.set(app.api_key, app);
      this.byId.set(app.application_id, app);
      return app;
    });
  }

  appByKey(key: string | undefined): SandboxApplication | undefined {
    return key === undefined ? undefined : this.byKey.get(key);
  }

  appById(id: string): SandboxApplication | undefined {
    return this.byId.get(id);
  }

  appByName(name: string): SandboxApplication {
    const app = this.applications.find((a) => a.name === name);
    if (!app) throw new Error(`no sandbox application named "${name}"`);
    return app;
  }

  /** A session the application can see: another application's session is "not found" too. */
  session(app: SandboxApplication, id: string): SessionRecord | undefined {
    const s = this.sessions.get(id);
    return s && !s.deleted && s.app === app ? s : undefined;
  }

  nextNumber(app: SandboxApplication, kind: SessionKind): number {
    const key = `${app.application_id}:${kind}`;
    const n = (this.counters.get(key) ?? (kind === 'user' ? 1000 : 100)) + 1;
    this.counters.set(key, n);
    return n;
  }

  createSession(input: {
    app: SandboxApplication;
    workflow: SandboxWorkflow;
    status: SessionStatus;
    createdAt: Date;
    vendorData?: string | null;
    metadata?: PyValue;
    callback?: string | null;
    callbackMethod?: string;
    language?: string | null;
    contactDetails?: PyValue;
    expectedDetails?: PyValue;
    scenario?: Scenario | undefined;
    origin: string;
    signer: MediaSigner;
  }): SessionRecord {
    const kind = input.workflow.session_kind;
    const rec: SessionRecord = {
      app: input.app,
      id: this.rng.uuid(),
      number: this.nextNumber(input.app, kind),
      token: this.rng.token(12),
      kind,
      workflow: input.workflow,
      workflowVersion: WORKFLOW_VERSION,
      status: input.status,
      vendorData: input.vendorData ?? null,
      metadata: input.metadata ?? null,
      callback: input.callback ?? null,
      callbackMethod: input.callbackMethod ?? 'initiator',
      language: input.language ?? null,
      contactDetails: input.contactDetails ?? null,
      expectedDetails: input.expectedDetails ?? null,
      createdAt: input.createdAt,
      scenario: input.scenario,
      decision: {},
      sharedFrom: undefined,
      deleted: false,
      lastBackendResubmitAt: undefined,
    };
    this.sessions.set(rec.id, rec);
    this.regenerate(rec, input.status, input.origin, input.signer);
    return rec;
  }

  hostedUrl(rec: SessionRecord, origin: string): string {
    return `${origin}/${rec.language ? `${rec.language}/` : ''}session/${rec.token}`;
  }

  /** Rebuilds the decision for a status the workflow reaches on its own (not a reviewer's override). */
  regenerate(rec: SessionRecord, status: SessionStatus, origin: string, signer: MediaSigner): void {
    const generated = generateDecision({
      seed: this.seed,
      sessionId: rec.id,
      sessionNumber: rec.number,
      kind: rec.kind,
      status,
      workflowId: rec.workflow.workflow_id,
      vendorData: rec.vendorData,
      createdAt: rec.createdAt,
      sessionUrl: this.hostedUrl(rec, origin),
      media: signer,
      ...(rec.scenario ? { scenario: rec.scenario } : {}),
    });
    const previous = rec.decision;
    rec.status = status;
    rec.decision = generated;
    generated.status = wireStatus(rec, status);
    generated.metadata = rec.metadata;
    generated.callback = rec.callback;
    generated.expected_details = rec.kind === 'user' ? rec.expectedDetails : null;
    // Without contact details on create, the user typed them in the flow: keep the generated ones.
    if (rec.contactDetails !== null) generated.contact_details = rec.contactDetails;
    if (Array.isArray(previous.reviews)) generated.reviews = previous.reviews;
    if (previous.status_override !== undefined) generated.status_override = previous.status_override;
    if (rec.sharedFrom) generated.shared_from_session = rec.sharedFrom;
  }

  /** A status set by a reviewer or an import: the data stays, the status moves. */
  setStatus(rec: SessionRecord, status: SessionStatus): void {
    rec.status = status;
    rec.decision.status = wireStatus(rec, status);
  }

  liveDestinations(app: SandboxApplication): DestinationRecord[] {
    return [...this.destinations.values()].filter((d) => d.app === app && !d.deleted);
  }
}
