import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { Kbd, Spinner, StatusBadge } from '../../components/ui.tsx';
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

export function ClaimBar({
  claim,
  user,
  canClaim,
  canBreak,
  busy,
  onClaim,
  onRelease,
  onBroken,
}: ClaimBarProps) {
  const mine = isMine(claim, user);
  const toast = useToast();
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
      toast({ tone: 'error', title: 'Claim not broken', description: errorMessage(e) });
    } finally {
      setBreaking(false);
    }
  };
  return (
    <div
      className={`claim-bar ${claim ? (mine ? 'claim-mine' : 'claim-other') : ''}`}
      data-testid="claim-bar"
    >
      {!claim && <span>Nobody holds this case.</span>}
      {claim && mine && (
        <span>
          You hold this case
          {claim.expiresAt ? ` until ${formatDateTime(claim.expiresAt)}` : ''}.{' '}
          <span className="claim-note">
            It lapses if you do nothing on the case; a note, a disposition or opening a decision extends it.
          </span>
        </span>
      )}
      {claim && !mine && (
        <span aria-live="polite">
          <strong>{claim.holder}</strong> holds this case until {formatDateTime(claim.expiresAt)}. Only they
          can decide it.
        </span>
      )}
      {canClaim && !claim && (
        <button type="button" className="button" onClick={onClaim} disabled={busy} data-testid="claim-button">
          Claim <Kbd>c</Kbd>
        </button>
      )}
      {canClaim && mine && (
        <button type="button" className="button button-ghost" onClick={onRelease} disabled={busy}>
          Release <Kbd>c</Kbd>
        </button>
      )}
      {canBreak && claim && !mine && (
        <button type="button" className="button button-danger" onClick={() => setConfirmBreak(true)}>
          Break claim…
        </button>
      )}
      <Modal
        open={confirmBreak}
        onOpenChange={(o) => !o && !breaking && setConfirmBreak(false)}
        title="Break this claim?"
        description={`${claim?.holder ?? 'The holder'} will lose the case; anyone may then claim it. The audit log records that you broke the claim.`}
      >
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={() => setConfirmBreak(false)}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            disabled={breaking}
            onClick={() => void breakClaim()}
          >
            Break claim
          </button>
        </div>
      </Modal>
    </div>
  );
}

interface DecisionButtonsProps {
  disabled: boolean;
  why?: string | undefined;
  onOpen: (s: NewStatus) => void;
}

export function DecisionButtons({ disabled, why, onOpen }: DecisionButtonsProps) {
  return (
    <fieldset className="decision-buttons">
      <legend className="visually-hidden">Decision</legend>
      <button
        type="button"
        className="button button-primary"
        disabled={disabled}
        onClick={() => onOpen('Approved')}
        title={why}
      >
        Approve <Kbd>a</Kbd>
      </button>
      <button
        type="button"
        className="button button-danger"
        disabled={disabled}
        onClick={() => onOpen('Declined')}
        title={why}
      >
        Decline <Kbd>d</Kbd>
      </button>
      <button
        type="button"
        className="button"
        disabled={disabled}
        onClick={() => onOpen('Resubmitted')}
        title={why}
      >
        Request resubmission <Kbd>r</Kbd>
      </button>
    </fieldset>
  );
}

const TITLE_OF: Record<NewStatus, string> = {
  Approved: 'Approve',
  Declined: 'Decline',
  Resubmitted: 'Request resubmission',
};

/** The sticky card at the top of a case: who holds it, the decision buttons, and why they are off. */
export function ReviewPanel({ c }: { c: CaseReview }) {
  const toast = useToast();
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
            toast({ tone: 'success', title: 'Claim broken', description: 'The case is free again.' });
            void c.review.reload();
          }}
        />
      )}
      {c.awaiting && (
        <div className="notice notice-info" role="status" data-testid="awaiting-webhook">
          <Spinner label="" /> Didit accepted <StatusBadge status={c.awaiting.to} />. Waiting for its webhook
          to update the case…
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
          Your unsent comment for “{TITLE_OF[c.keptDecision.status]}” was kept.{' '}
          <button
            type="button"
            className="button small"
            onClick={() => c.keptDecision && void c.openDecision(c.keptDecision.status)}
          >
            Continue
          </button>
        </div>
      )}
    </div>
  );
}
