import type { DiditClient } from '@console/didit/client';
import type { Clock } from '../platform/clock.ts';
import type { Config } from '../platform/config.ts';
import type { Database } from '../platform/db/database.ts';
import type { Logger } from '../platform/logger.ts';
import type { BatchRunner } from './batch-runner.ts';

/** The Didit calls reusable KYC makes; the real client, or the sandbox's when no API key is set. */
export type SharingDidit = Pick<DiditClient, 'shareSession' | 'importShared' | 'getDecision'>;

/** A receiving workflow an import may land in, with the label people choose it by. */
export interface ImportWorkflow {
  label: string;
  workflow_id: string;
  session_kind?: 'user' | 'business' | undefined;
}

export interface SharingDeps {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Resolved per call: in sandbox mode the client exists only once the sandbox listens. */
  didit: () => SharingDidit;
  /** Workflows an import may land in: `config.didit.importWorkflows`, or the sandbox console app's. */
  importWorkflows: () => readonly ImportWorkflow[];
  /** Our own Didit application id, when known (config, or the sandbox console app's). */
  ownApplicationId: () => string | undefined;
  /** The batch shares this process owns and runs (heartbeats, adoption, hand-over at shutdown). */
  batches: BatchRunner;
}
