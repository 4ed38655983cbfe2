import { useEffect, useRef, useState } from 'react';
import { Navigate, useNavigate } from 'react-router-dom';
import { useAuth } from '../../app/auth-context.tsx';
import { TextField } from '../../components/Field.tsx';
import { ErrorNotice, Spinner } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { confirmTotp, enrollTotp } from './auth.api.ts';
import { TOTP_INPUT } from './totp-input.ts';
import './auth.css';
import { useAction } from '../../lib/use-action.ts';

/** Shown while the server answers TOTP_ENROLLMENT_REQUIRED: the secret, then a code to confirm it. */
export default function EnrollTotpPage() {
  const { user, setUser, signOut } = useAuth();
  const t = useT();
  const navigate = useNavigate();
  const [enrolment, setEnrolment] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const { busy, error, setError, run } = useAction();
  const codeRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (enrolment) codeRef.current?.focus();
  }, [enrolment]);

  useEffect(() => {
    if (!user?.mustEnrollTotp) return;
    enrollTotp().then(setEnrolment, setError);
  }, [user?.mustEnrollTotp, setError]);

  if (user === null) return <Navigate to="/login" replace />;
  if (user && !user.mustEnrollTotp) return <Navigate to="/queue" replace />;

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await confirmTotp(code.trim());
      if (user) setUser({ ...user, mustEnrollTotp: false });
      navigate('/queue', { replace: true });
    });
  };

  return (
    <main className="login-page" id="main">
      <div className="login-card card">
        <h1>{t('auth.enroll.title')}</h1>
        <p>{t('auth.enroll.intro')}</p>
        {!enrolment && !error && <Spinner />}
        {enrolment && (
          <ol className="stack">
            <li>
              {t('auth.enroll.step_add')}
              <p>
                <a href={enrolment.otpauthUrl} className="break">
                  {enrolment.otpauthUrl}
                </a>
              </p>
              <p>
                {t('auth.enroll.secret')}{' '}
                <code className="mono secret" data-testid="totp-secret">
                  {enrolment.secret.replace(/(.{4})/g, '$1 ').trim()}
                </code>
              </p>
            </li>
            <li>
              <form onSubmit={submit} className="stack">
                <TextField
                  label={t('auth.enroll.code')}
                  {...TOTP_INPUT}
                  value={code}
                  onValue={(v) => setCode(v.replace(/\D/g, ''))}
                  ref={codeRef}
                />
                <button type="submit" className="button button-primary" disabled={busy}>
                  {t(busy ? 'auth.enroll.checking' : 'auth.enroll.confirm')}
                </button>
              </form>
            </li>
          </ol>
        )}
        <ErrorNotice error={error} />
        <button type="button" className="button button-ghost" onClick={() => void signOut()}>
          {t('app.account.sign_out')}
        </button>
      </div>
    </main>
  );
}
