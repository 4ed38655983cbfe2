import type { DiditClient } from '@console/didit/client';
import type { Kysely } from 'kysely';
import type { AuditContext } from '../audit/audit.service.ts';
import type { Clock } from '../platform/clock.ts';
import type { FourEyesRule, Role } from '../platform/config.ts';
import type { DB } from '../schema.ts';
import type { MediaPolicy } from './media-fetch.ts';

/** What the review services need; built once in `createApp` and handed to the routes. */
export interface ReviewDeps {
  db: Kysely<DB>;
  /** Absent only in an app built without Didit (calls then answer DIDIT_UNAVAILABLE). */
  didit: DiditClient | undefined;
  clock: Clock;
  fourEyes: readonly FourEyesRule[];
  /**
   * A claim lapses this long after its holder's last action on the case (CLAIM_IDLE_MINUTES). Only actions
   * extend it (claiming again, a note, an AML disposition, a decision); reading or polling never does.
   */
  claimIdleMs: number;
  /** Which media links the proxy may fetch (hosts, schemes, addresses): chosen by the composition root. */
  media: MediaPolicy;
}

/** Who acts, and the request's audit context. */
export interface Actor {
  id: string;
  name: string;
  roles: readonly Role[];
  audit: AuditContext;
}
