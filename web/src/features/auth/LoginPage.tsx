import { useEffect, useId, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { login, SSO_START_URL } from './auth.api.ts';
import { ssoErrorMessage } from './sso-errors.ts';

/** Only same-origin paths: `next` comes from the URL and must not send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/queue';
}

export default function LoginPage() {
  const { user, config, setUser } = useAuth();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const totpRef = useRef<HTMLInputElement>(null);
  const emailRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    emailRef.current?.focus();
  }, []);
  const next = safeNext(params.get('next'));

  useEffect(() => {
    if (needTotp) totpRef.current?.focus();
  }, [needTotp]);

  if (user && !user.mustEnrollTotp) return <Navigate to={next} replace />;
  if (user?.mustEnrollTotp) return <Navigate to="/enroll-totp" replace />;

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const u = await login(email.trim(), password, needTotp ? totp.trim() : undefined);
      setUser(u);
      navigate(u.mustEnrollTotp ? '/enroll-totp' : next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        if (needTotp && totp)
          setError(new Error('That code is not valid. Use the current code from your app.'));
        setNeedTotp(true);
        setTotp('');
      } else if (err instanceof ApiError && err.code === 'INVALID_CREDENTIALS') {
        setError(new Error('Email or password is wrong.'));
      } else {
        setError(err);
      }
    } finally {
      setBusy(false);
    }
  };

  // The SSO callback sends failures back as /login?sso_error=CODE.
  const ssoError = params.get('sso_error');

  return (
    <main className="login-page" id="main">
      <div className="login-card card">
        <h1>Review console</h1>
        {config?.sandbox && (
          <p className="sandbox-badge inline" data-testid="sandbox-badge">
            Sandbox
          </p>
        )}
        {ssoError && (
          <ErrorNotice error={new Error(ssoErrorMessage(ssoError))} title="Single sign-on failed" />
        )}
        <form onSubmit={submit} className="stack" aria-describedby={error ? `${id}-err` : undefined}>
          <label className="field">
            <span>Email</span>
            <input
              className="input"
              type="email"
              name="email"
              autoComplete="username"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              readOnly={needTotp}
              ref={emailRef}
            />
          </label>
          <label className="field">
            <span>Password</span>
            <input
              className="input"
              type="password"
              name="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              readOnly={needTotp}
            />
          </label>
          {needTotp && (
            <label className="field">
              <span>Authentication code</span>
              <input
                ref={totpRef}
                className="input mono"
                name="totp"
                inputMode="numeric"
                autoComplete="one-time-code"
                pattern="[0-9]{6}"
                maxLength={6}
                required
                value={totp}
                onChange={(e) => setTotp(e.target.value.replace(/\D/g, ''))}
              />
              <small className="muted">The 6-digit code from your authenticator app.</small>
            </label>
          )}
          <div id={`${id}-err`}>
            <ErrorNotice error={error} title="Sign-in failed" />
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {busy ? 'Signing in…' : needTotp ? 'Verify and sign in' : 'Sign in'}
          </button>
          {needTotp && (
            <button
              type="button"
              className="button button-ghost"
              onClick={() => {
                setNeedTotp(false);
                setTotp('');
                setError(null);
              }}
            >
              Use another account
            </button>
          )}
        </form>
        {config?.sso && (
          <>
            <p className="divider">or</p>
            <a className="button block" href={SSO_START_URL}>
              {config.ssoLabel}
            </a>
          </>
        )}
        {config?.firstAdminHint && (
          <div className="notice notice-info" role="note">
            <strong>No user exists yet</strong>
            <span>{config.firstAdminHint}</span>
          </div>
        )}
        {config?.sandbox && config.demoAccounts.length > 0 && (
          <section className="demo-accounts" aria-labelledby={`${id}-demo`}>
            <h2 id={`${id}-demo`}>Demo accounts</h2>
            <p className="muted small">Sandbox mode only. Choose one to fill the form.</p>
            <ul>
              {config.demoAccounts.map((a) => (
                <li key={a.email}>
                  <button
                    type="button"
                    className="demo-account"
                    onClick={() => {
                      setEmail(a.email);
                      setPassword(a.password);
                      setNeedTotp(false);
                      setError(null);
                    }}
                  >
                    <span className="mono">{a.email}</span>
                    <span className="tag">{a.roles.join(', ')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </div>
    </main>
  );
}
