/**
 * The database as Kysely sees it: one interface per feature, each kept beside the feature's repository.
 * Add a feature's tables here when its migration lands.
 */
import type { AuditTables } from './audit/audit.tables.ts';
import type { AuthTables } from './auth/auth.tables.ts';
import type { DashboardTables } from './dashboard/dashboard.tables.ts';
import type { EntitiesTables } from './entities/entities.tables.ts';
import type { JobsTables } from './platform/jobs/jobs.tables.ts';
import type { RecordsTables } from './records/records.tables.ts';
import type { ReviewTables } from './review/review.tables.ts';
import type { SessionsTables } from './sessions/sessions.tables.ts';
import type { SharingTables } from './sharing/sharing.tables.ts';
import type { SyncTables } from './sync/sync.tables.ts';
import type { UsersTables } from './users/users.tables.ts';
import type { ViewsTables } from './views/views.tables.ts';

export type DB = UsersTables &
  AuthTables &
  AuditTables &
  SharingTables &
  SessionsTables &
  JobsTables &
  SyncTables &
  ReviewTables &
  EntitiesTables &
  RecordsTables &
  ViewsTables &
  DashboardTables;
