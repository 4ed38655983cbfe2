import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useToast } from '../../components/toast.tsx';
import { StatusBadge } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import { confirmPending, type Decision, rejectPending, ruleText, withdrawPending } from './case.api.ts';

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
