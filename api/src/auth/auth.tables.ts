import type { Generated } from 'kysely';

export interface LoginSessionsTable {
  id: Generated<string>;
  user_id: string;
  /** SHA-256 of the cookie's token; the token itself is never stored. */
  token_hash: Buffer;
  created_at: Date;
  last_seen_at: Date;
  /** Absolute end (login + 12 h), whatever the activity. */
  expires_at: Date;
  ended_at: Date | null;
  ended_reason: string | null;
  /** `password`, `password+totp` or `oidc`. */
  method: string;
  ip: string | null;
  user_agent: string | null;
}

export interface LoginThrottleTable {
  /** `account:<lower email>` or `address:<ip>`. `failures` counts attempts (counted before they are checked). */
  key: string;
  failures: number;
  last_failure_at: Date;
  locked_until: Date | null;
}

export interface OidcPendingTable {
  state_hash: Buffer;
  code_verifier: string;
  nonce: string;
  created_at: Date;
}

export interface AuthTables {
  login_sessions: LoginSessionsTable;
  login_throttle: LoginThrottleTable;
  oidc_pending: OidcPendingTable;
}
