import { useEffect, useId, useRef, useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { TextField } from '../../components/Field.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { roleList } from '../../i18n/roles.ts';
import { login, SSO_START_URL } from './auth.api.ts';
import { ssoErrorMessage } from './sso-errors.ts';
import { TOTP_INPUT } from './totp-input.ts';
import './auth.css';
import { useAction } from '../../lib/use-action.ts';

/** Only same-origin paths: `next` comes from the URL and must not send anyone elsewhere. */
function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/queue';
}

/** The server's hint ends with the command to run (`…, run: pnpm user:create …`); the words are ours. */
function firstAdminCommand(hint: string): string {
  const at = hint.indexOf('run: ');
  return at >= 0 ? hint.slice(at + 5) : hint;
}

export default function LoginPage() {
  const { user, config, setUser } = useAuth();
  const t = useT();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const id = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needTotp, setNeedTotp] = useState(false);
  const { busy, error, setError, run } = useAction();
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

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      try {
        const u = await login(email.trim(), password, needTotp ? totp.trim() : undefined);
        setUser(u);
        navigate(u.mustEnrollTotp ? '/enroll-totp' : next, { replace: true });
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (err.code === 'TOTP_REQUIRED') {
          setNeedTotp(true);
          setTotp('');
          // A second factor was asked for: a wrong code is said as such, a first ask is no error.
          if (needTotp && totp) throw new Error(t('auth.login.totp_invalid'));
          return;
        }
        throw err.code === 'INVALID_CREDENTIALS' ? new Error(t('auth.login.wrong_credentials')) : err;
      }
    });
  };

  // The SSO callback sends failures back as /login?sso_error=CODE.
  const ssoError = params.get('sso_error');

  return (
    <main className="login-page" id="main">
      <div className="login-card card">
        <h1>{t('app.brand')}</h1>
        {config?.sandbox && (
          <p className="sandbox-badge inline" data-testid="sandbox-badge">
            {t('app.sandbox.badge')}
          </p>
        )}
        {ssoError && (
          <ErrorNotice error={new Error(ssoErrorMessage(ssoError))} title={t('auth.login.sso_failed')} />
        )}
        <form onSubmit={submit} className="stack" aria-describedby={error ? `${id}-err` : undefined}>
          <TextField
            label={t('auth.login.email')}
            type="email"
            name="email"
            autoComplete="username"
            required
            value={email}
            onValue={setEmail}
            readOnly={needTotp}
            ref={emailRef}
          />
          <TextField
            label={t('auth.login.password')}
            type="password"
            name="password"
            autoComplete="current-password"
            required
            value={password}
            onValue={setPassword}
            readOnly={needTotp}
          />
          {needTotp && (
            <TextField
              label={t('auth.login.code')}
              hint={t('auth.login.code_hint')}
              ref={totpRef}
              name="totp"
              {...TOTP_INPUT}
              value={totp}
              onValue={(v) => setTotp(v.replace(/\D/g, ''))}
            />
          )}
          <div id={`${id}-err`}>
            <ErrorNotice error={error} title={t('auth.login.failed')} />
          </div>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t(busy ? 'auth.login.signing_in' : needTotp ? 'auth.login.verify' : 'auth.login.sign_in')}
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
              {t('auth.login.other_account')}
            </button>
          )}
        </form>
        {config?.sso && (
          <>
            <p className="divider">{t('auth.login.or')}</p>
            <a className="button block" href={SSO_START_URL}>
              {t('auth.login.sso')}
            </a>
          </>
        )}
        {config?.firstAdminHint && (
          <div className="notice notice-info" role="note">
            <strong>{t('auth.first_admin.title')}</strong>
            <span>{t('auth.first_admin.body')}</span>
            <code className="mono break">{firstAdminCommand(config.firstAdminHint)}</code>
          </div>
        )}
        {config?.sandbox && config.demoAccounts.length > 0 && (
          <section className="demo-accounts" aria-labelledby={`${id}-demo`}>
            <h2 id={`${id}-demo`}>{t('auth.demo.title')}</h2>
            <p className="muted small">{t('auth.demo.hint')}</p>
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
                    <span className="tag">{roleList(a.roles)}</span>
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
