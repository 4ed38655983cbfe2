import { useState } from 'react';
import { Form, TextAreaField } from '../../components/Field.tsx';
import { StatusBadge } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import type { CurrentUser } from '../auth/auth.api.ts';
import { confirmPending, type Decision, rejectPending, withdrawPending } from './case.api.ts';
import { ruleText } from './four-eyes-rules.ts';

interface PendingProps {
  pending: Decision | null;
  user: CurrentUser;
  canConfirm: boolean;
  onResolved: (confirmed: boolean, p: Decision) => void;
}

/** Four-eyes: a staged decision waits for a second reviewer who is not the one who staged it. */
export function PendingBanner({ pending: p, user, canConfirm, onResolved }: PendingProps) {
  const t = useT();
  const { busy, run } = useAction();
  const [rejecting, setRejecting] = useState(false);
  const [comment, setComment] = useState('');
  if (!p) return null;
  const own = p.requestedById === user.id;
  const act = (confirm: boolean) =>
    run(
      async () => {
        if (confirm) await confirmPending(p.id);
        else if (own) await withdrawPending(p.id, comment.trim() || undefined);
        else await rejectPending(p.id, comment.trim());
        setRejecting(false);
        setComment('');
        onResolved(confirm, p);
      },
      confirm ? t('case.pending.not_confirmed') : t('case.pending.not_rejected'),
    );
  return (
    <section className="pending-banner" aria-label={t('case.pending.label')} data-testid="pending-decision">
      <div className="pending-item">
        <div>
          {t.rich('case.pending.staged', {
            b: (chunks) => <strong>{chunks}</strong>,
            status: <StatusBadge status={p.newStatus} />,
            name: p.requestedBy,
            time: formatDateTime(p.requestedAt),
          })}
          {p.rules.length > 0 && (
            <span className="muted">
              {' '}
              {t('case.pending.because', { rules: p.rules.map(ruleText).join('; ') })}
            </span>
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
            <span className="muted small">{t('case.pending.waiting')}</span>
            <button type="button" className="button" disabled={busy} onClick={() => setRejecting((r) => !r)}>
              {t('case.pending.withdraw')}
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
                {t('case.pending.confirm')}
              </button>
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() => setRejecting((r) => !r)}
              >
                {t('case.pending.reject')}
              </button>
            </div>
          )
        )}
      </div>
      {rejecting && (
        <Form className="stack" onSubmit={() => act(false)}>
          <TextAreaField
            label={own ? t('case.pending.why_withdraw') : t('case.pending.why_reject')}
            rows={2}
            value={comment}
            onValue={setComment}
          />
          <button
            type="submit"
            className="button"
            disabled={
              busy ||
              (own ? comment.trim().length > 0 && comment.trim().length < 3 : comment.trim().length < 3)
            }
          >
            {own ? t('case.pending.withdraw_submit') : t('case.pending.reject_submit')}
          </button>
        </Form>
      )}
    </section>
  );
}
