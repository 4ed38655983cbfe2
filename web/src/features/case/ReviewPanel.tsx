import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { useToast } from '../../components/toast.tsx';
import { Kbd, Spinner, StatusBadge } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import { type Claim, type NewStatus, releaseCase } from './case.api.ts';
import type { CaseReview } from './use-case-review.ts';

export function isMine(claim: Claim | null, user: CurrentUser): boolean {
  return claim !== null && claim.userId === user.id;
}

interface ClaimBarProps {
  claim: Claim | null;
  user: CurrentUser;
  canClaim: boolean;
  /** An admin may break someone else's claim (audited as review.claim_break). */
  canBreak: boolean;
  busy: boolean;
  onClaim: () => void;
  onRelease: () => void;
  onBroken: () => void;
}

function ClaimBar({ claim, user, canClaim, canBreak, busy, onClaim, onRelease, onBroken }: ClaimBarProps) {
  const mine = isMine(claim, user);
  const toast = useToast();
  const t = useT();
  const [confirmBreak, setConfirmBreak] = useState(false);
  const [breaking, setBreaking] = useState(false);
  const breakClaim = async () => {
    if (!claim) return;
    setBreaking(true);
    try {
      await releaseCase(claim.sessionId);
      setConfirmBreak(false);
      onBroken();
    } catch (e) {
      toast({ tone: 'error', title: t('case.claim.not_broken'), description: errorMessage(e) });
    } finally {
      setBreaking(false);
    }
  };
  return (
    <div
      className={`claim-bar ${claim ? (mine ? 'claim-mine' : 'claim-other') : ''}`}
      data-testid="claim-bar"
    >
      {!claim && <span>{t('case.claim.nobody')}</span>}
      {claim && mine && (
        <span>
          {claim.expiresAt
            ? t('case.claim.mine_until', { time: formatDateTime(claim.expiresAt) })
            : t('case.claim.mine')}{' '}
          <span className="claim-note">{t('case.claim.note')}</span>
        </span>
      )}
      {claim && !mine && (
        <span aria-live="polite">
          {t.rich('case.claim.other', {
            holder: claim.holder,
            time: formatDateTime(claim.expiresAt),
            b: (chunks) => <strong>{chunks}</strong>,
          })}
        </span>
      )}
      {canClaim && !claim && (
        <button type="button" className="button" onClick={onClaim} disabled={busy} data-testid="claim-button">
          {t('case.claim.claim')} <Kbd>c</Kbd>
        </button>
      )}
      {canClaim && mine && (
        <button type="button" className="button button-ghost" onClick={onRelease} disabled={busy}>
          {t('case.claim.release')} <Kbd>c</Kbd>
        </button>
      )}
      {canBreak && claim && !mine && (
        <button type="button" className="button button-danger" onClick={() => setConfirmBreak(true)}>
          {t('case.claim.break')}
        </button>
      )}
      <ConfirmDialog
        open={confirmBreak}
        title={t('case.claim.break_title')}
        description={t('case.claim.break_body', { holder: claim?.holder ?? t('case.claim.the_holder') })}
        cancelLabel={t('case.cancel')}
        onCancel={() => setConfirmBreak(false)}
        confirmLabel={t('case.claim.break_confirm')}
        onConfirm={() => void breakClaim()}
        busy={breaking}
      />
    </div>
  );
}

interface DecisionButtonsProps {
  disabled: boolean;
  why?: string | undefined;
  onOpen: (s: NewStatus) => void;
}

/** The three decisions in the order the buttons show them, with their look and their shortcut key. */
const DECISIONS = [
  { status: 'Approved', className: 'button button-primary', shortcut: 'a' },
  { status: 'Declined', className: 'button button-danger', shortcut: 'd' },
  { status: 'Resubmitted', className: 'button', shortcut: 'r' },
] as const satisfies readonly { status: NewStatus; className: string; shortcut: string }[];

function DecisionButtons({ disabled, why, onOpen }: DecisionButtonsProps) {
  const t = useT();
  return (
    <fieldset className="decision-buttons">
      <legend className="visually-hidden">{t('case.decision.legend')}</legend>
      {DECISIONS.map(({ status, className, shortcut }) => (
        <button
          key={status}
          type="button"
          className={className}
          disabled={disabled}
          onClick={() => onOpen(status)}
          title={why}
        >
          {t(TITLE_OF[status])} <Kbd>{shortcut}</Kbd>
        </button>
      ))}
    </fieldset>
  );
}

const TITLE_OF = {
  Approved: 'case.decision.approve',
  Declined: 'case.decision.decline',
  Resubmitted: 'case.decision.resubmit',
} as const satisfies Record<NewStatus, MessageKey>;

/** The sticky card at the top of a case: who holds it, the decision buttons, and why they are off. */
export function ReviewPanel({ c }: { c: CaseReview }) {
  const toast = useToast();
  const t = useT();
  const may = c.may;
  if (!may.claim && !may.decide && !may.review) return null;
  return (
    <div className="review-panel card" data-testid="review-panel">
      {may.review && (
        <ClaimBar
          claim={c.claim}
          user={c.user}
          canClaim={may.claim}
          canBreak={may.breakClaim}
          busy={c.claimBusy}
          onClaim={() => void c.doClaim()}
          onRelease={() => void c.doRelease()}
          onBroken={() => {
            toast({
              tone: 'success',
              title: t('case.claim.broken'),
              description: t('case.claim.free_again'),
            });
            void c.review.reload();
          }}
        />
      )}
      {c.awaiting && (
        <div className="notice notice-info" role="status" data-testid="awaiting-webhook">
          <Spinner label="" />{' '}
          {t.rich('case.review.awaiting', { status: <StatusBadge status={c.awaiting.to} /> })}
        </div>
      )}
      {may.decide && (
        <DecisionButtons
          disabled={Boolean(c.blockedWhy) || Boolean(c.awaiting)}
          why={c.blockedWhy}
          onOpen={(s) => void c.openDecision(s)}
        />
      )}
      {may.decide && c.blockedWhy && <p className="muted small">{c.blockedWhy}</p>}
      {may.decide && !c.dialog && c.keptDecision && (
        <div className="notice notice-info" role="status" data-testid="decision-draft">
          {t('case.review.kept', { decision: t(TITLE_OF[c.keptDecision.status]) })}{' '}
          <button
            type="button"
            className="button small"
            onClick={() => c.keptDecision && void c.openDecision(c.keptDecision.status)}
          >
            {t('case.review.continue')}
          </button>
        </div>
      )}
    </div>
  );
}
