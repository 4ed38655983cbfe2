import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { DialogActions } from '../../components/DialogActions.tsx';
import { TextField } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice, Spinner } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useAction } from '../../lib/use-action.ts';
import { useResource } from '../../lib/use-resource.ts';
import { fetchPartners, type ShareCreated, shareSession, TTL_PRESETS } from './sharing.api.ts';
import {
  customTtlValid,
  errorTitle,
  PartnerPicker,
  Segmented,
  TokenReveal,
  TtlPicker,
} from './sharing.components.tsx';

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
  const t = useT();
  const partners = useResource(open ? 'partners' : null, (s) => fetchPartners(s));
  const [mode, setMode] = useState<'partner' | 'application'>('partner');
  const [partnerId, setPartnerId] = useState('');
  const [applicationId, setApplicationId] = useState('');
  const [ttl, setTtl] = useState<number>(TTL_PRESETS[0].seconds);
  const { busy, error, setError, run } = useAction();
  const [minted, setMinted] = useState<ShareCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const pickerRef = useRef<HTMLSelectElement>(null);
  const partnersLoaded = partners.data !== undefined;

  // The partners arrive after the dialog opened (and focused its close button): a keyboard user starts in
  // the picker, unless they already moved on.
  useEffect(() => {
    if (!partnersLoaded) return;
    const active = document.activeElement;
    const dialog = pickerRef.current?.closest('[role="dialog"]');
    if (!dialog || (active && active !== dialog && !active.classList.contains('icon-button'))) return;
    pickerRef.current?.focus();
  }, [partnersLoaded]);

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
      title={t(minted ? 'sharing.dialog.title_minted' : 'sharing.dialog.title')}
      wide
    >
      {minted && confirmingClose ? (
        <div className="stack" data-testid="share-close-confirm">
          <p className="notice notice-warning" role="alert">
            {t('sharing.dialog.not_copied')}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => close(false, true)}>
              {t('sharing.dialog.close_without')}
            </button>
            <button
              type="button"
              className="button button-primary"
              data-autofocus
              onClick={() => setConfirmingClose(false)}
            >
              {t('sharing.dialog.back_to_token')}
            </button>
          </div>
        </div>
      ) : minted ? (
        <div className="stack">
          <TokenReveal
            token={minted.share_token}
            expiresAt={minted.expires_at}
            forWhom={
              minted.partner?.name ?? t('sharing.dialog.for_application', { id: minted.for_application_id })
            }
            onCopied={() => setCopied(true)}
          />
          <p className="small muted">
            {t.rich('sharing.dialog.fingerprint', {
              fp: () => <span className="mono">{minted.token_sha256.slice(0, 16)}…</span>,
              link: (chunks) => (
                <Link to={`/sharing/shares?session_id=${encodeURIComponent(sessionId)}`}>{chunks}</Link>
              ),
            })}
          </p>
          <div className="dialog-actions">
            <button type="button" className="button" onClick={() => close(false, true)}>
              {t('sharing.dialog.done')}
            </button>
          </div>
        </div>
      ) : (
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            if (!targetOk || !customTtlValid(ttl)) return;
            void run(async () => {
              const target =
                mode === 'partner' ? { partner_id: partnerId } : { for_application_id: applicationId.trim() };
              setMinted(await shareSession(sessionId, target, ttl));
              onShared?.();
            });
          }}
        >
          <p className="muted small">{t('sharing.dialog.intro')}</p>
          <Segmented
            label={t('sharing.dialog.share_with')}
            value={mode}
            onChange={setMode}
            options={{
              partner: t('sharing.dialog.registered_partner'),
              application: t('sharing.dialog.other_application'),
            }}
          />
          {mode === 'partner' ? (
            partners.loading && !partners.data ? (
              <Spinner label={t('sharing.dialog.loading_partners')} />
            ) : partners.data && partners.data.length === 0 ? (
              <p className="notice notice-info">
                {t.rich('sharing.dialog.no_partner', {
                  link: (chunks) => <Link to="/sharing/partners">{chunks}</Link>,
                })}
              </p>
            ) : (
              <PartnerPicker
                partners={partners.data ?? []}
                value={partnerId}
                onChange={setPartnerId}
                selectRef={pickerRef}
              />
            )
          ) : (
            <TextField
              label={t('sharing.dialog.application_id')}
              hint={t('sharing.dialog.application_hint')}
              className="mono"
              value={applicationId}
              onValue={setApplicationId}
              placeholder={t('sharing.dialog.application_placeholder')}
              aria-invalid={applicationId !== '' && !UUID.test(applicationId.trim())}
            />
          )}
          <TtlPicker value={ttl} onChange={setTtl} />
          {error ? (
            <ErrorNotice error={error} title={errorTitle(error, t('sharing.dialog.mint_failed'))} />
          ) : null}
          <DialogActions
            cancelLabel={t('sharing.dialog.cancel')}
            onCancel={() => close(false)}
            confirmLabel={
              busy
                ? t('sharing.dialog.minting')
                : mode === 'partner' && partnerName
                  ? t('sharing.dialog.mint_for', { name: partnerName })
                  : t('sharing.dialog.mint')
            }
            disabled={busy || !targetOk}
          />
        </form>
      )}
    </Modal>
  );
}
