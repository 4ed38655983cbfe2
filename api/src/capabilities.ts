import type { Config } from './platform/config.ts';

/**
 * What this console may do or show, decided once by the composition root from the config. Features receive
 * these and never ask whether they run against the sandbox: each flag names the behaviour it allows.
 */
export interface Capabilities {
  /** The login page and the header say the console talks to a local stand-in for Didit, not Didit. */
  showSandboxBadge: boolean;
  /** Accounts with the published demo password are created at start-up and listed on the login page. */
  demoAccounts: boolean;
  /**
   * Demo accounts were possible but withheld (a sandbox start against an external database without
   * DEMO_ACCOUNTS=1): start-up says how to get them, instead of suggesting `pnpm user:create`.
   */
  explainWithheldDemoAccounts: boolean;
  /** A console with no account yet points the login page at `pnpm user:create` (no demo accounts to use). */
  firstAdminHint: boolean;
  /** An account still holding the published demo password stops start-up (a real Didit key is set). */
  refuseDemoPasswords: boolean;
  /** The media proxy fetches the local sandbox's specimens (http, loopback, SVG) instead of Didit's hosts. */
  sandboxMedia: boolean;
}

export function capabilitiesFor(config: Config): Capabilities {
  const sandbox = config.didit.sandbox;
  return Object.freeze({
    showSandboxBadge: sandbox,
    demoAccounts: config.auth.demoAccounts,
    explainWithheldDemoAccounts: sandbox && !config.auth.demoAccounts,
    firstAdminHint: !sandbox,
    refuseDemoPasswords: !sandbox,
    sandboxMedia: sandbox,
  });
}
