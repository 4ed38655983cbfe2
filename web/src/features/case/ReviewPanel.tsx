import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { Kbd, StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import {
  type Claim,
  confirmPending,
  type Decision,
  type NewStatus,
  rejectPending,
  releaseCase,
  ruleText,
  withdrawPending,
} from './case.api.ts';

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

interface PendingProps {
  pending: Decision | null;
  user: CurrentUser;
  canConfirm: boolean;
  onResolved: (confirmed: boolean, p: Decision) => void;
}

/** Four-eyes: a staged decision waits for a second reviewer who is not the one who staged it. */
export function PendingBanner({ pending: p, user, canConfirm, onResolved }: PendingProps) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  if (!p) return null;
  const own = p.requestedById === user.id;
  const act = async (confirm: boolean) => {
    setBusy(true);
    try {
      if (confirm) await confirmPending(p.id);
      else if (own) await withdrawPending(p.id, comment.trim() || undefined);
      else await rejectPending(p.id, comment.trim());
      setRejecting(false);
      setComment('');
      onResolved(confirm, p);
    } catch (e) {
      toast({
        tone: 'error',
        title: confirm ? 'Not confirmed' : 'Not rejected',
        description: errorMessage(e),
      });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section
      className="pending-banner"
      aria-label="Decision awaiting a second reviewer"
      data-testid="pending-decision"
    >
      <div className="pending-item">
        <div>
          <strong>Four-eyes:</strong> <StatusBadge status={p.newStatus} /> staged by {p.requestedBy} at{' '}
          {formatDateTime(p.requestedAt)}
          {p.rules.length > 0 && (
            <span className="muted"> because it means {p.rules.map(ruleText).join(' and ')}</span>
          )}
          .{p.comment && <p className="small pre-wrap">“{p.comment}”</p>}
          {p.reasonCodes.length > 0 && (
            <p className="small">
              {p.reasonCodes.map((c) => (
                <span key={c} className="tag">
                  {c}
                </span>
              ))}
            </p>
          )}
        </div>
        {own ? (
          <div className="pending-actions">
            <span className="muted small">Waiting for a second reviewer (it cannot be you).</span>
            <button type="button" className="button" disabled={busy} onClick={() => setRejecting((r) => !r)}>
              Withdraw…
            </button>
          </div>
        ) : (
          canConfirm && (
            <div className="pending-actions">
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => void act(true)}
              >
                Confirm and send to Didit
              </button>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => setRejecting((r) => !r)}
              >
                Reject…
              </button>
            </div>
          )
        )}
      </div>
      {rejecting && (
        <form
          className="stack"
          onSubmit={(e) => {
            e.preventDefault();
            void act(false);
          }}
        >
          <label className="field">
            <span>{own ? 'Why withdraw (optional)' : 'Why reject (required)'}</span>
            <textarea
              className="input"
              rows={2}
              value={comment}
              onChange={(e) => setComment(e.target.value)}
            />
          </label>
          <button
            type="submit"
            className="button"
            disabled={
              busy ||
              (own ? comment.trim().length > 0 && comment.trim().length < 3 : comment.trim().length < 3)
            }
          >
            {own ? 'Withdraw staged decision' : 'Reject staged decision'}
          </button>
        </form>
      )}
    </section>
  );
}
