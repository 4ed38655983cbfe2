import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ErrorNotice, PageHeader, StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { type Imported, type ImportPreview, importToken, previewImport } from './sharing.api.ts';
import { Countdown, errorTitle, useSecondsLeft } from './sharing.components.tsx';
import './sharing.css';
import { useUser } from '../../app/auth-context.tsx';

const kindLabel = (k: 'user' | 'business') => (k === 'business' ? 'Business (KYB)' : 'Person (KYC)');

/** Links to our earlier import when the server names one (details.earlier_import). */
function EarlierImport({ error }: { error: unknown }) {
  const earlier =
    error instanceof ApiError
      ? (error.details?.earlier_import as { session_id?: string } | undefined)
      : undefined;
  if (!earlier?.session_id) return null;
  return (
    <p>
      <Link to={`/sessions/${encodeURIComponent(earlier.session_id)}`}>
        Open the case we imported earlier
      </Link>
    </p>
  );
}

function PreviewCard({ preview }: { preview: ImportPreview }) {
  return (
    <div className="card preview-card" data-testid="import-preview">
      <h2>What this token holds</h2>
      <dl className="fields">
        <div>
          <dt>Kind</dt>
          <dd>{kindLabel(preview.session_kind)}</dd>
        </div>
        <div>
          <dt>From</dt>
          <dd>
            {preview.partner ? (
              <strong>{preview.partner.name}</strong>
            ) : (
              <span>
                An application not in your partner list{' '}
                <Link to="/sharing/partners" className="small">
                  (register it)
                </Link>
              </span>
            )}
            <div className="mono small">{preview.source_application_id ?? 'unknown application'}</div>
          </dd>
        </div>
        <div>
          <dt>Partner’s session</dt>
          <dd className="mono small">{preview.source_session_id}</dd>
        </div>
        <div>
          <dt>Minted for</dt>
          <dd className="mono small">
            {preview.for_application_id ?? '—'}
            {preview.our_application_id && preview.for_application_id === preview.our_application_id
              ? ' (us)'
              : ''}
          </dd>
        </div>
        <div>
          <dt>Minted</dt>
          <dd>{formatDateTime(preview.issued_at)}</dd>
        </div>
        <div>
          <dt>Expiry</dt>
          <dd>
            <Countdown expiresAt={preview.expires_at} label="Import within" />
          </dd>
        </div>
        <div>
          <dt>Fingerprint</dt>
          <dd className="mono small">{preview.token_sha256.slice(0, 16)}…</dd>
        </div>
      </dl>
      <p className="hint">Read from the token itself; Didit checks its signature when you import.</p>
    </div>
  );
}

export default function ImportPage() {
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
        <PageHeader title="Import a partner’s verification" id="import-title" />
        <div className="card" data-testid="import-result" role="status">
          <h2>Imported</h2>
          <p>
            The {kindLabel(result.session.session_kind).toLowerCase()} verification from{' '}
            <strong>{result.import.partner?.name ?? 'the partner'}</strong> is now a case here, with status{' '}
            <StatusBadge status={result.session.status} />.
            {result.import.trust_review
              ? ' We kept the partner’s decision (trusted import).'
              : ' It waits for our own review.'}
          </p>
          <p>
            <Link
              className="button button-primary"
              to={`/sessions/${encodeURIComponent(result.session.session_id)}`}
            >
              Open the new case
            </Link>{' '}
            <button type="button" className="button" onClick={reset}>
              Import another token
            </button>
          </p>
          <p className="small muted">
            Recorded in the <Link to="/sharing/reliance">reliance ledger</Link> with the token’s fingerprint.
          </p>
        </div>
      </section>
    );
  }

  return (
    <section aria-labelledby="import-title">
      <PageHeader title="Import a partner’s verification" id="import-title" />
      <form
        className="card form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          readToken(token);
        }}
      >
        <label className="field">
          <span>Share token from the partner</span>
          <textarea
            className="input mono"
            rows={4}
            value={token}
            data-testid="import-token"
            placeholder="eyJhbGciOi… (paste the whole token)"
            onChange={(e) => {
              setToken(e.target.value);
              setPreview(null);
            }}
            onPaste={(e) => {
              const text = e.clipboardData.getData('text');
              if (text) setTimeout(() => readToken(text), 0);
            }}
          />
          <span className="hint">Pasting reads it at once. Nothing is imported until you confirm below.</span>
        </label>
        <div>
          <button type="submit" className="button" disabled={busy || !token.trim()}>
            Read token
          </button>
        </div>
        {previewError ? (
          <>
            <ErrorNotice
              error={previewError}
              title={errorTitle(previewError, 'The token could not be read')}
            />
            <EarlierImport error={previewError} />
          </>
        ) : null}
      </form>

      {preview && (
        <>
          <PreviewCard preview={preview} />
          {preview.already_imported ? (
            <div className="notice notice-warning" role="alert">
              <strong>Already imported</strong>
              <span>
                This token was imported on {formatDateTime(preview.already_imported.imported_at)}
                {preview.already_imported.imported_by ? ` by ${preview.already_imported.imported_by}` : ''}.
                Didit imports a token once.{' '}
                <Link to={`/sessions/${encodeURIComponent(preview.already_imported.session_id)}`}>
                  Open that case
                </Link>
                .
              </span>
            </div>
          ) : (
            <form
              className="card form-grid"
              onSubmit={(e) => {
                e.preventDefault();
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
              <h2>Where it lands</h2>
              {preview.workflows.length === 0 ? (
                <label className="field">
                  <span>Receiving workflow id</span>
                  <input
                    className="input mono"
                    value={workflowId}
                    onChange={(e) => setWorkflowId(e.target.value)}
                  />
                  <span className="hint">
                    No import workflow is configured (DIDIT_IMPORT_WORKFLOWS); enter the id of a{' '}
                    {preview.session_kind === 'business' ? 'KYB' : 'KYC'} workflow of our Didit application.
                  </span>
                </label>
              ) : (
                <label className="field">
                  <span>Receiving workflow</span>
                  <select
                    className="input"
                    value={workflowId}
                    onChange={(e) => setWorkflowId(e.target.value)}
                    data-testid="import-workflow"
                  >
                    <option value="">Choose a workflow…</option>
                    {preview.workflows.map((w) => (
                      <option key={w.workflow_id} value={w.workflow_id}>
                        {w.label}
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label className="field">
                <span>Our customer id (vendor_data)</span>
                <input
                  className="input"
                  value={vendorData}
                  maxLength={1000}
                  onChange={(e) => setVendorData(e.target.value)}
                  placeholder="Optional: the id this customer has in our systems"
                  data-testid="import-vendor-data"
                />
              </label>
              <fieldset className="fieldset trust-choice">
                <legend>Whose decision counts</legend>
                <label className="check">
                  <input type="radio" name="trust" checked={!trust} onChange={() => setTrust(false)} />
                  <span>Review it ourselves: the session lands In Review</span>
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
                    Keep {preview.partner?.name ?? 'the partner'}’s decision (Approved stays Approved)
                  </span>
                </label>
                <p className="hint">
                  {preview.partner
                    ? `Default for ${preview.partner.name}: ${preview.partner.default_trust_review ? 'keep their decision' : 'review ourselves'} (set on the Partners page).`
                    : 'An unregistered partner: reviewing ourselves is the safe choice.'}
                  {mayTrust ? '' : ' Keeping their decision beyond these terms needs a reviewer.'}
                </p>
              </fieldset>
              {importError ? (
                <>
                  <ErrorNotice error={importError} title={errorTitle(importError, 'The import failed')} />
                  <EarlierImport error={importError} />
                </>
              ) : null}
              <div>
                <button
                  type="submit"
                  className="button button-primary"
                  disabled={busy || !workflowId || expired}
                  data-testid="import-submit"
                >
                  {busy ? 'Importing…' : expired ? 'Token expired: ask for a new one' : 'Import'}
                </button>
              </div>
            </form>
          )}
        </>
      )}
    </section>
  );
}
