import type { ColumnType, Generated } from 'kysely';

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  roles: string[];
  disabled: ColumnType<boolean, boolean | undefined, boolean>;
  /** Argon2id PHC string; null for an SSO-only account. */
  password_hash: string | null;
  /** Base32 TOTP secret of a confirmed second factor. Never leaves the server. */
  totp_secret: string | null;
  /** Secret handed out by `enroll`, waiting for `confirm`. */
  totp_pending_secret: string | null;
  totp_enabled_at: Date | null;
  /** Last accepted TOTP time-step: a code of this step or earlier is refused (no replay). */
  totp_last_step: number | null;
  oidc_subject: string | null;
  /** The console language the person chose (`en`, `sw`); null: follow the browser. */
  locale: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: Date;
  updated_at: Date;
}

export interface UsersTables {
  users: UsersTable;
}
