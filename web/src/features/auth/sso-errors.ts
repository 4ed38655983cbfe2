import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';

/**
 * The codes the server's SSO callback sends back as `/login?sso_error=CODE` (the API's auth/oidc.service.ts),
 * in words a person can act on. An unknown code still gets a message, never silence.
 */
const SSO_ERRORS: Record<string, MessageKey> = {
  SSO_STATE: 'auth.sso_error.SSO_STATE',
  SSO_DENIED: 'auth.sso_error.SSO_DENIED',
  SSO_FAILED: 'auth.sso_error.SSO_FAILED',
  SSO_EMAIL_UNVERIFIED: 'auth.sso_error.SSO_EMAIL_UNVERIFIED',
  SSO_DISABLED: 'auth.sso_error.SSO_DISABLED',
  SSO_NO_ROLE: 'auth.sso_error.SSO_NO_ROLE',
};

export function ssoErrorMessage(code: string): string {
  const key = SSO_ERRORS[code];
  return key ? translate(key) : translate('auth.sso_error.other', { code: code.slice(0, 60) });
}
