import type { Kysely } from 'kysely';
import type { Clock } from '../platform/clock.ts';
import type { DB } from '../schema.ts';

export interface AuditDeps {
  db: Kysely<DB>;
  clock: Clock;
}
