/**
 * The codes the server's SSO callback sends back as `/login?sso_error=CODE` (api/src/auth/oidc.service.ts),
 * in words a person can act on. An unknown code still gets a message, never silence.
 */
const SSO_ERRORS: Record<string, string> = {
  SSO_STATE:
    'The sign-in attempt expired or was started in another browser. Start single sign-on again from this page.',
  SSO_DENIED:
    'The identity provider did not let you in (you cancelled, or it refused). Try again or ask your admin.',
  SSO_FAILED: 'The console could not complete sign-in with the identity provider. Try again in a moment.',
  SSO_EMAIL_UNVERIFIED:
    'Your identity provider did not give a verified email address, so the console cannot tell who you are.',
  SSO_DISABLED: 'Your console account is disabled. Ask an admin to enable it.',
  SSO_NO_ROLE: 'Your account has no role in this console. Ask an admin to give you one.',
};

export function ssoErrorMessage(code: string): string {
  return SSO_ERRORS[code] ?? `Single sign-on failed (${code.slice(0, 60)}). Try again or ask your admin.`;
}
