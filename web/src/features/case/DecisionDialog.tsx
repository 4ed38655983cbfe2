import { useEffect, useId, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { useUser } from '../../app/auth-context.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice, Kbd } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { draftKey, draftStore, readDraft, writeDraft } from '../../lib/drafts.ts';
import { decide, type NewStatus, type ReasonCode } from './case.api.ts';
import type { ResubmittableNode } from './evidence.ts';
import { reasonLabel } from './reason-label.ts';

/** Each decision's dialog title and confirm button. */
const WORDS = {
  Approved: { title: 'case.dialog.title.approve', confirm: 'case.dialog.confirm.approve' },
  Declined: { title: 'case.dialog.title.decline', confirm: 'case.dialog.confirm.decline' },
  Resubmitted: { title: 'case.dialog.title.resubmit', confirm: 'case.dialog.confirm.resubmit' },
} as const satisfies Record<NewStatus, { title: MessageKey; confirm: MessageKey }>;

/** What a decision draft keeps: which decision it was for, and the comment typed so far. */
export interface DecisionDraft {
  status: NewStatus;
  comment: string;
}

export type DecisionOutcome =
  | { kind: 'sent'; status: NewStatus }
  /** `rules`: the four-eyes rule ids that made the decision wait for a second reviewer. */
  | { kind: 'staged'; status: NewStatus; rules: string[] };

interface Props {
  sessionId: string;
  status: NewStatus | null;
  onClose: () => void;
  reasonCodes: Record<string, ReasonCode[]>;
  nodes: ResubmittableNode[];
  /** `next`: the reviewer asked to open the next case once this decision is through ("Approve & next"). */
  onDecided: (outcome: DecisionOutcome, next: boolean) => void;
  /** Offer "Approve & next" / "Decline & next" (the caller may take the next case). */
  canNext?: boolean;
  /** AML hits nobody has dispositioned: approving over them needs an explicit acknowledgement. */
  openAmlHits?: number;
}

/**
 * The decision is only reported once the server answered: 200 means Didit accepted the new status (its
 * webhook will follow), 202 means it was staged for a second reviewer. Until then the dialog stays open.
 */
export function DecisionDialog({
  sessionId,
  status,
  onClose,
  reasonCodes,
  nodes,
  onDecided,
  openAmlHits = 0,
  canNext = false,
}: Props) {
  const id = useId();
  const t = useT();
  const [comment, setComment] = useState('');
  const [codes, setCodes] = useState<string[]>([]);
  const [picked, setPicked] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [overHits, setOverHits] = useState(false);

  const user = useUser();
  const key = draftKey(user.id, sessionId, 'decision');
  const store = draftStore();
  const changeComment = (text: string) => {
    setComment(text);
    if (store && status) writeDraft<DecisionDraft>(store, key, text ? { status, comment: text } : null);
  };

  useEffect(() => {
    if (status) {
      setOverHits(false);
      // A comment typed before the login ended comes back (for the same decision).
      const s = draftStore();
      const draft = s ? readDraft<DecisionDraft>(s, draftKey(user.id, sessionId, 'decision')) : null;
      setComment(draft && draft.status === status ? draft.comment : '');
      setCodes([]);
      setPicked([]);
      setError(null);
    }
  }, [status, sessionId, user.id]);

  if (!status) return null;
  const applicable = reasonCodes[status] ?? [];
  const needsNodes = status === 'Resubmitted';
  const hitsWarning = status === 'Approved' && openAmlHits > 0;
  const valid =
    comment.trim().length >= 3 && (!needsNodes || picked.length > 0) && (!hitsWarning || overHits);

  const submit = async (next = false) => {
    if (!valid || busy) return;
    setBusy(true);
    setError(null);
    try {
      const result = await decide(sessionId, {
        new_status: status,
        comment: comment.trim(),
        reason_codes: codes,
        ...(needsNodes
          ? {
              nodes_to_resubmit: nodes
                .filter((n) => picked.includes(n.node_id))
                .map(({ node_id, feature }) => ({ node_id, feature })),
            }
          : {}),
      });
      if (store) writeDraft(store, key, null);
      onDecided(
        result.kind === 'staged' ? { kind: 'staged', status, rules: result.rules } : { kind: 'sent', status },
        next,
      );
      onClose();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errorTitle =
    error instanceof ApiError && error.code === 'CLAIMED_BY_OTHER'
      ? t('case.dialog.error.claimed')
      : error instanceof ApiError && error.code.startsWith('DIDIT')
        ? t('case.dialog.error.didit')
        : t('case.dialog.error.not_sent');

  return (
    <Modal
      open
      onOpenChange={(o) => !o && !busy && onClose()}
      title={t(WORDS[status].title)}
      description={
        status === 'Resubmitted'
          ? t('case.dialog.resubmit_hint')
          : t('case.dialog.set_hint', { status: diditLabel('status', status) })
      }
    >
      <form
        className="stack"
        data-testid="decision-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {hitsWarning && (
          <div className="notice notice-warning" role="alert" data-testid="open-hits-warning">
            <strong>{t('case.dialog.open_hits', { count: openAmlHits })}</strong>{' '}
            {t('case.dialog.open_hits_hint')}
            <label className="check">
              <input type="checkbox" checked={overHits} onChange={(e) => setOverHits(e.target.checked)} />
              <span>{t('case.dialog.over_hits')}</span>
            </label>
          </div>
        )}
        <label className="field">
          <span>{t('case.dialog.comment')}</span>
          <textarea
            className="input"
            rows={3}
            required
            data-autofocus
            value={comment}
            onChange={(e) => changeComment(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void submit();
              }
            }}
            aria-describedby={`${id}-hint`}
          />
          <small id={`${id}-hint`} className="muted">
            {t('case.dialog.comment_hint')} <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> {t('case.dialog.sends')}
          </small>
        </label>
        {applicable.length > 0 && (
          <fieldset className="fieldset">
            <legend>{t('case.dialog.reason_codes')}</legend>
            <div className="check-grid">
              {applicable.map((r) => (
                <label key={r.code} className="check">
                  <input
                    type="checkbox"
                    value={r.code}
                    checked={codes.includes(r.code)}
                    onChange={(e) =>
                      setCodes((cs) => (e.target.checked ? [...cs, r.code] : cs.filter((c) => c !== r.code)))
                    }
                  />
                  <span>{reasonLabel(r.code, r.label)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        )}
        {needsNodes && (
          <fieldset className="fieldset">
            <legend>{t('case.dialog.steps')}</legend>
            {nodes.length === 0 && <p className="muted">{t('case.dialog.no_steps')}</p>}
            {nodes.map((n) => (
              <label key={n.node_id} className="check">
                <input
                  type="checkbox"
                  checked={picked.includes(n.node_id)}
                  onChange={(e) =>
                    setPicked((ps) =>
                      e.target.checked ? [...ps, n.node_id] : ps.filter((p) => p !== n.node_id),
                    )
                  }
                />
                <span>
                  {n.label} <span className="muted small">({n.status || t('case.dialog.no_status')})</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        <ErrorNotice error={error} title={errorTitle} />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
            {t('case.cancel')}
          </button>
          {canNext && status !== 'Resubmitted' && (
            <button
              type="button"
              className="button"
              disabled={!valid || busy}
              data-testid="decision-submit-next"
              onClick={() => void submit(true)}
            >
              {status === 'Approved' ? t('case.dialog.approve_next') : t('case.dialog.decline_next')}
            </button>
          )}
          <button
            type="submit"
            className={`button ${status === 'Declined' ? 'button-danger' : 'button-primary'}`}
            disabled={!valid || busy}
            data-testid="decision-submit"
          >
            {busy ? t('case.dialog.waiting') : t(WORDS[status].confirm)}
          </button>
        </div>
      </form>
    </Modal>
  );
}
