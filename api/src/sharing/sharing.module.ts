import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import type { Logger } from '../platform/logger.ts';
import { runBatch } from './batch-run.service.ts';
import { BatchRunner } from './batch-runner.ts';
import { importsRoutes } from './imports.routes.ts';
import { partnersRoutes } from './partners.routes.ts';
import { sessionProvenance, sessionShares } from './provenance.ts';
import { sharesRoutes } from './shares.routes.ts';
import type { ImportWorkflow, SharingDeps, SharingDidit } from './sharing.deps.ts';

/** The console's own Didit application as the local sandbox describes it (sandbox mode only). */
export interface OwnDiditApplication {
  application_id: string;
  workflows: readonly { workflow_id: string; session_kind: 'user' | 'business'; label?: string }[];
}

export interface SharingFeatureInput {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  didit: SharingDidit | undefined;
  /** Sandbox mode: our application id and workflows come from the sandbox, unless configured. */
  ownApplication?: OwnDiditApplication | undefined;
  /** The server's runner (it starts and stops it); API tests get one of their own. */
  batchRunner?: BatchRunner | undefined;
}

const KIND_LABEL = { user: 'KYC (person)', business: 'KYB (business)' } as const;

/** Builds reusable KYC: its routes and what it adds to the case view. Called once by `createApp`. */
export function sharingFeature(input: SharingFeatureInput) {
  const { config, ownApplication } = input;
  const sandboxWorkflows: ImportWorkflow[] = (ownApplication?.workflows ?? []).map((w) => ({
    label: w.label ?? `Sandbox ${KIND_LABEL[w.session_kind]}`,
    workflow_id: w.workflow_id,
    session_kind: w.session_kind,
  }));
  const deps: SharingDeps = {
    config,
    database: input.database,
    clock: input.clock,
    logger: input.logger,
    didit: () => {
      if (!input.didit) throw new AppError('DIDIT_UNAVAILABLE', 'No Didit client is configured');
      return input.didit;
    },
    importWorkflows: () =>
      config.didit.importWorkflows.length > 0 ? config.didit.importWorkflows : sandboxWorkflows,
    ownApplicationId: () => config.didit.applicationId ?? ownApplication?.application_id,
    batches:
      input.batchRunner ??
      new BatchRunner({ db: input.database.db, clock: input.clock, logger: input.logger }),
  };
  deps.batches.bind((batchId, ctx, signal) => runBatch(deps, batchId, ctx, signal));
  return {
    deps,
    routes: [partnersRoutes(deps), sharesRoutes(deps), importsRoutes(deps)],
    /** For the sessions feature's `SessionDetailExtensions`. */
    sessionDetail: {
      provenance: sessionProvenance,
      shares: (db: Parameters<typeof sessionShares>[0], s: { session_id: string }) =>
        sessionShares(db, s, input.clock.now()),
    },
    /** Resolves when every batch this process runs has finished (shutdown, tests). */
    async idle() {
      await deps.batches.idle();
    },
  };
}
