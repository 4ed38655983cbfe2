import { useState } from 'react';
import { Link } from 'react-router-dom';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice, Spinner } from '../../components/ui.tsx';
import { useResource } from '../../lib/use-resource.ts';
import { fetchPartners, type ShareCreated, shareSession, TTL_PRESETS } from './sharing.api.ts';
import { customTtlValid, errorTitle, PartnerPicker, TokenReveal, TtlPicker } from './sharing.components.tsx';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Share one case with a partner: choose the partner (or paste an application id), a lifetime, mint. The
 * token is shown once, in this dialog; closing it forgets it.
 */
export function ShareDialog({
  sessionId,
  open,
  onOpenChange,
  onShared,
}: {
  sessionId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  onShared?: () => void;
}) {
  const partners = useResource(open ? 'partners' : null, (s) => fetchPartners(s));
  const [mode, setMode] = useState<'partner' | 'application'>('partner');
  const [partnerId, setPartnerId] = useState('');
  const [applicationId, setApplicationId] = useState('');
  const [ttl, setTtl] = useState<number>(TTL_PRESETS[0].seconds);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [minted, setMinted] = useState<ShareCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);

  const close = (next: boolean, force = false) => {
    // Escape, an outside click or × before the token was copied: ask first, inside the dialog.
    if (!next && minted && !copied && !force) {
      setConfirmingClose(true);
      return;
    }
    if (!next) {
      // Forget the token with the dialog.
      setMinted(null);
      setError(null);
      setCopied(false);
      setConfirmingClose(false);
    }
    onOpenChange(next);
  };
  const targetOk = mode === 'partner' ? partnerId !== '' : UUID.test(applicationId.trim());
  const partnerName = partners.data?.find((p) => p.id === partnerId)?.name;

  return (
    <Modal
      open={open}
      onOpenChange={close}
      title={minted ? 'Share token minted' : 'Share with a partner'}
      wide
    >
      {minted && confirmingClose ? (
        <div className="stack" data-testid="share-close-confirm">
          <p className="notice notice-warning" role="alert">
            The token was not copied. Once this dialog closes it cannot be shown again; the partner would need
            a new share.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => close(false, true)}>
              Close without the token
            </button>
            <button
              type="button"
              className="button button-primary"
              data-autofocus
              onClick={() => setConfirmingClose(false)}
            >
              Back to the token
            </button>
          </div>
        </div>
      ) : minted ? (
        <div className="stack">
          <TokenReveal
            token={minted.share_token}
            expiresAt={minted.expires_at}
            forWhom={minted.partner?.name ?? `application ${minted.for_application_id}`}
            onCopied={() => setCopied(true)}
          />
          <p className="small muted">
            Fingerprint <span className="mono">{minted.token_sha256.slice(0, 16)}…</span> is recorded in the{' '}
            <Link to={`/sharing/shares?session_id=${encodeURIComponent(sessionId)}`}>shares ledger</Link>.
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => close(false, true)}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (!targetOk || !customTtlValid(ttl)) return;
            setBusy(true);
            setError(null);
            shareSession(
              sessionId,
              mode === 'partner' ? { partner_id: partnerId } : { for_application_id: applicationId.trim() },
              ttl,
            )
              .then((m) => {
                setMinted(m);
                onShared?.();
              })
              .catch(setError)
              .finally(() => setBusy(false));
          }}
        >
          <p className="muted small">
            Didit mints a one-time token that only the chosen application can import. Only finished sessions
            (Approved, Declined, In Review) can be shared.
          </p>
          <fieldset className="segmented plain-fieldset" aria-label="Share with">
            <button
              type="button"
              className="button small"
              aria-pressed={mode === 'partner'}
              onClick={() => setMode('partner')}
            >
              A registered partner
            </button>
            <button
              type="button"
              className="button small"
              aria-pressed={mode === 'application'}
              onClick={() => setMode('application')}
            >
              Another application id
            </button>
          </fieldset>
          {mode === 'partner' ? (
            partners.loading && !partners.data ? (
              <Spinner label="Loading partners" />
            ) : partners.data && partners.data.length === 0 ? (
              <p className="notice notice-info">
                No partner is registered yet. <Link to="/sharing/partners">Add one</Link>, or share with an
                application id.
              </p>
            ) : (
              <PartnerPicker partners={partners.data ?? []} value={partnerId} onChange={setPartnerId} />
            )
          ) : (
            <label className="field">
              <span>Partner’s Didit application id</span>
              <input
                className="input mono"
                value={applicationId}
                onChange={(e) => setApplicationId(e.target.value)}
                placeholder="e.g. 3f1c2a4e-…"
                aria-invalid={applicationId !== '' && !UUID.test(applicationId.trim())}
              />
              <span className="hint">
                The partner finds it in their Didit console under Settings → Application.
              </span>
            </label>
          )}
          <TtlPicker value={ttl} onChange={setTtl} />
          {error ? (
            <ErrorNotice error={error} title={errorTitle(error, 'The token could not be minted')} />
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => close(false)}>
              Cancel
            </button>
            <button type="submit" className="button button-primary" disabled={busy || !targetOk}>
              {busy
                ? 'Minting…'
                : `Mint token${mode === 'partner' && partnerName ? ` for ${partnerName}` : ''}`}
            </button>
          </div>
        </form>
      )}
    </Modal>
  );
}
