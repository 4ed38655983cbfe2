import type { Kysely } from 'kysely';
import type { Clock } from '../clock.ts';
import type { DB } from '../db/schema.ts';

export interface AuditDeps {
  db: Kysely<DB>;
  clock: Clock;
}
