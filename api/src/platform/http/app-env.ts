import type { Role } from '../config.ts';

/** What a signed-in request carries. Set by the auth feature's middleware. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  roles: Role[];
  mustEnrollTotp: boolean;
  /** The console language the person chose; null: the web follows the browser. */
  locale: string | null;
  /** Id of the server-side login session (not the cookie value). */
  sessionId: string;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    user: CurrentUser | undefined;
    /** The CSRF token bound to the request's session (auth feature); unset without a session. */
    csrfToken: string | undefined;
    /** The client's address: the TCP peer, or what a trusted proxy forwarded (http/client-address.ts). */
    clientAddress: string | null | undefined;
  };
}
