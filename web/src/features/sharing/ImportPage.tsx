import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { Detail } from '../../components/Detail.tsx';
import { Field, Form, TextField } from '../../components/Field.tsx';
import { ErrorNotice, LocalTime, PageHeader, StatusBadge } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Imported, type ImportPreview, importToken, previewImport } from './sharing.api.ts';
import { Countdown, errorTitle, useSecondsLeft } from './sharing.components.tsx';
import './sharing.css';
import { useUser } from '../../app/auth-context.tsx';

const kindLabel = (k: 'user' | 'business') =>
  translate(k === 'business' ? 'sharing.kind.business' : 'sharing.kind.user');

/** Links to our earlier import when the server names one (details.earlier_import). */
/** Why reading or importing a token failed, and the earlier import of the same session when that is why. */
function ImportError({ error, title }: { error: unknown; title: string }) {
  const t = useT();
  if (!error) return null;
  const earlier =
    error instanceof ApiError
      ? (error.details?.earlier_import as { session_id?: string } | undefined)
      : undefined;
  return (
    <>
      <ErrorNotice error={error} title={errorTitle(error, title)} />
      {earlier?.session_id && (
        <p>
          <Link to={`/sessions/${encodeURIComponent(earlier.session_id)}`}>
            {t('sharing.import.earlier')}
          </Link>
        </p>
      )}
    </>
  );
}

function PreviewCard({ preview }: { preview: ImportPreview }) {
  const t = useT();
  return (
    <div className="card preview-card" data-testid="import-preview">
      <h2>{t('sharing.import.preview_title')}</h2>
      <dl className="fields">
        <Detail term={t('sharing.import.kind')}>{kindLabel(preview.session_kind)}</Detail>
        <Detail term={t('sharing.import.from')}>
          {preview.partner ? (
            <strong dir="auto">{preview.partner.name}</strong>
          ) : (
            <span>
              {t.rich('sharing.import.unlisted', {
                link: (chunks) => (
                  <Link to="/sharing/partners" className="small">
                    {chunks}
                  </Link>
                ),
              })}
            </span>
          )}
          <div className="mono small">
            {preview.source_application_id ?? t('sharing.import.unknown_application')}
          </div>
        </Detail>
        <Detail term={t('sharing.import.partner_session')} className="mono small">
          {preview.source_session_id}
        </Detail>
        <Detail term={t('sharing.import.minted_for')} className="mono small">
          {preview.for_application_id ?? '—'}
          {preview.our_application_id && preview.for_application_id === preview.our_application_id
            ? ` ${t('sharing.import.us')}`
            : ''}
        </Detail>
        <Detail term={t('sharing.import.minted')}>
          <LocalTime iso={preview.issued_at} />
        </Detail>
        <Detail term={t('sharing.import.expiry')}>
          <Countdown expiresAt={preview.expires_at} importWithin />
        </Detail>
        <Detail term={t('sharing.import.fingerprint')} className="mono small">
          {preview.token_sha256.slice(0, 16)}…
        </Detail>
      </dl>
      <p className="hint">{t('sharing.import.read_hint')}</p>
    </div>
  );
}

export default function ImportPage() {
  const t = useT();
  const [token, setToken] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [previewError, setPreviewError] = useState<unknown>(null);
  const [workflowId, setWorkflowId] = useState('');
  const [vendorData, setVendorData] = useState('');
  const [trust, setTrust] = useState(false);
  const [busy, setBusy] = useState(false);
  const [importError, setImportError] = useState<unknown>(null);
  const [result, setResult] = useState<Imported | null>(null);
  const user = useUser();
  // The partner's terms govern; only a reviewer may trust an import beyond them (the server enforces it).
  const mayTrust =
    (preview?.partner?.default_trust_review ?? false) ||
    user.roles.includes('reviewer') ||
    user.roles.includes('admin');
  const left = useSecondsLeft(preview?.expires_at);
  const expired = left !== null && left <= 0;

  useEffect(() => {
    if (!preview) return;
    setTrust(preview.suggested_trust_review);
    const only = preview.workflows.length === 1 ? preview.workflows[0]!.workflow_id : '';
    setWorkflowId(only);
  }, [preview]);

  const reset = () => {
    setToken('');
    setPreview(null);
    setPreviewError(null);
    setImportError(null);
    setResult(null);
    setVendorData('');
  };

  const readToken = (value: string) => {
    if (!value.trim()) return;
    setBusy(true);
    setPreviewError(null);
    setImportError(null);
    previewImport(value)
      .then(setPreview)
      .catch((e) => {
        setPreview(null);
        setPreviewError(e);
      })
      .finally(() => setBusy(false));
  };

  if (result) {
    return (
      <section aria-labelledby="import-title">
        <PageHeader title={t('sharing.import.title')} id="import-title" />
        <div className="card" data-testid="import-result" role="status">
          <h2>{t('sharing.import.imported')}</h2>
          <p>
            {t.rich('sharing.import.result', {
              kind: result.session.session_kind,
              partner: result.import.partner?.name ?? t('sharing.import.the_partner'),
              b: (chunks) => <strong dir="auto">{chunks}</strong>,
              status: () => <StatusBadge status={result.session.status} />,
            })}{' '}
            {t(result.import.trust_review ? 'sharing.import.result_trusted' : 'sharing.import.result_review')}
          </p>
          <p>
            <Link
              className="button button-primary"
              to={`/sessions/${encodeURIComponent(result.session.session_id)}`}
            >
              {t('sharing.import.open_new')}
            </Link>{' '}
            <button type="button" className="button" onClick={reset}>
              {t('sharing.import.another')}
            </button>
          </p>
          <p className="small muted">
            {t.rich('sharing.import.recorded', {
              link: (chunks) => <Link to="/sharing/reliance">{chunks}</Link>,
            })}
          </p>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="import-title">
      <PageHeader title={t('sharing.import.title')} id="import-title" />
      <Form
        className="card form-grid"
        onSubmit={() => {
          readToken(token);
        }}
      >
        <label className="field">
          <span>{t('sharing.import.token_label')}</span>
          <textarea
            className="input mono"
            rows={4}
            value={token}
            data-testid="import-token"
            placeholder={t('sharing.import.token_placeholder')}
            onChange={(e) => {
              setToken(e.target.value);
              setPreview(null);
            }}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (text) setTimeout(() => readToken(text), 0);
            }}
          />
          <span className="hint">{t('sharing.import.token_hint')}</span>
        </label>
        <div>
          <button type="submit" className="button" disabled={busy || !token.trim()}>
            {t('sharing.import.read')}
          </button>
        </div>
        <ImportError error={previewError} title={t('sharing.import.read_failed')} />
      </Form>

      {preview && (
        <>
          <PreviewCard preview={preview} />
          {preview.already_imported ? (
            <div className="notice notice-warning" role="alert">
              <strong>{t('sharing.import.already')}</strong>
              <span>
                {preview.already_imported.imported_by
                  ? t('sharing.import.already_body_by', {
                      time: formatDateTime(preview.already_imported.imported_at),
                      who: preview.already_imported.imported_by,
                    })
                  : t('sharing.import.already_body', {
                      time: formatDateTime(preview.already_imported.imported_at),
                    })}{' '}
                {t('sharing.import.once')}{' '}
                <Link to={`/sessions/${encodeURIComponent(preview.already_imported.session_id)}`}>
                  {t('sharing.import.open_that')}
                </Link>
              </span>
            </div>
          ) : (
            <Form
              className="card form-grid"
              onSubmit={() => {
                setBusy(true);
                setImportError(null);
                importToken({
                  share_token: token,
                  workflow_id: workflowId,
                  trust_review: trust,
                  ...(vendorData.trim() ? { vendor_data: vendorData.trim() } : {}),
                })
                  .then(setResult)
                  .catch(setImportError)
                  .finally(() => setBusy(false));
              }}
            >
              <h2>{t('sharing.import.where')}</h2>
              {preview.workflows.length === 0 ? (
                <TextField
                  label={t('sharing.import.workflow_id')}
                  hint={t('sharing.import.workflow_id_hint', { kind: preview.session_kind })}
                  className="mono"
                  value={workflowId}
                  onValue={setWorkflowId}
                />
              ) : (
                <Field label={t('sharing.import.workflow')}>
                  <select
                    className="input"
                    value={workflowId}
                    onChange={(e) => setWorkflowId(e.target.value)}
                    data-testid="import-workflow"
                  >
                    <option value="">{t('sharing.import.workflow_choose')}</option>
                    {preview.workflows.map((w) => (
                      <option key={w.workflow_id} value={w.workflow_id}>
                        {w.label}
                      </option>
                    ))}
                  </select>
                </Field>
              )}
              <TextField
                label={t('sharing.import.vendor_data')}
                value={vendorData}
                maxLength={1000}
                onValue={setVendorData}
                placeholder={t('sharing.import.vendor_placeholder')}
                data-testid="import-vendor-data"
              />
              <fieldset className="fieldset trust-choice">
                <legend>{t('sharing.import.whose')}</legend>
                <label className="check">
                  <input type="radio" name="trust" checked={!trust} onChange={() => setTrust(false)} />
                  <span>{t('sharing.import.review_ourselves')}</span>
                </label>
                <label className="check">
                  <input
                    type="radio"
                    name="trust"
                    checked={trust}
                    disabled={!mayTrust}
                    onChange={() => setTrust(true)}
                    data-testid="import-trust"
                  />
                  <span>
                    {t('sharing.import.keep_decision', {
                      partner: preview.partner?.name ?? t('sharing.import.the_partner'),
                    })}
                  </span>
                </label>
                <p className="hint">
                  {preview.partner
                    ? t('sharing.import.default_for', {
                        partner: preview.partner.name,
                        keep: preview.partner.default_trust_review ? 'yes' : 'no',
                      })
                    : t('sharing.import.unregistered')}
                  {mayTrust ? '' : ` ${t('sharing.import.needs_reviewer')}`}
                </p>
              </fieldset>
              <ImportError error={importError} title={t('sharing.import.failed')} />
              <div>
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy || !workflowId || expired}
                  data-testid="import-submit"
                >
                  {t(
                    busy
                      ? 'sharing.import.importing'
                      : expired
                        ? 'sharing.import.expired'
                        : 'sharing.import.submit',
                  )}
                </button>
              </div>
            </Form>
          )}
        </>
      )}
    </section>
  );
}
