import { statusKey, UPDATABLE_STATUS_KEYS } from '@console/didit/statuses';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useAuth, useUser } from '../../app/auth-context.tsx';
import { useToast } from '../../components/toast.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { draftKey, draftStore, readDraft } from '../../lib/drafts.ts';
import { useResource } from '../../lib/use-resource.ts';
import { takeNextCase } from '../review-flow/next-case.ts';
import {
  claimCase,
  type Decision,
  fetchCase,
  fetchMedia,
  fetchReasonCodes,
  fetchReview,
  type NewStatus,
  releaseCase,
} from './case.api.ts';
import type { DecisionDraft, DecisionOutcome } from './DecisionDialog.tsx';
import { ruleText } from './four-eyes-rules.ts';
import { isMine } from './ReviewPanel.tsx';

/** Didit's update-status accepts only these current statuses (docs/didit.md §2.4). */
const DECIDABLE = new Set(UPDATABLE_STATUS_KEYS);

/** After Didit accepted a decision, the page polls until its webhook changes the status here. */
interface AwaitingWebhook {
  from: string;
  to: NewStatus;
  since: number;
}

/**
 * Everything the case page holds in state: what the signed-in user may do here (mirroring the server's
 * checks), the case, its review state (claim, four-eyes, notes, decisions), media and reason codes, the
 * open decision dialog and the decision comment kept from a lost login. The panels only render it.
 */
export function useCaseReview(id: string) {
  const user = useUser();
  const { can } = useAuth();
  const toast = useToast();
  const t = useT();
  const navigate = useNavigate();
  const location = useLocation();
  const base = `/api/sessions/${encodeURIComponent(id)}`;
  const may = {
    decide: can('POST', `${base}/status`),
    claim: can('POST', `${base}/claim`),
    review: can('GET', `${base}/review`),
    notes: can('POST', `${base}/notes`),
    aml: can('PATCH', `${base}/aml-hits/hit`),
    confirm: can('POST', '/api/review/pending/p/confirm'),
    refresh: can('POST', `${base}/refresh`),
    documents: can('GET', `${base}/documents/key`),
    // ID images are served to reviewers and admins only (least privilege, enforced by the server).
    viewImages: user.roles.includes('reviewer') || user.roles.includes('admin'),
    breakClaim: can('POST', `${base}/claim`) && user.roles.includes('admin'),
    next: can('POST', '/api/review/next'),
    assign: can('PUT', `${base}/assignment`),
  };

  const [awaiting, setAwaiting] = useState<AwaitingWebhook | null>(null);
  const caseRes = useResource(`case:${id}`, (s) => fetchCase(id, s), { pollMs: awaiting ? 1500 : 15_000 });
  const review = useResource(may.review ? `review:${id}` : null, (s) => fetchReview(id, s), {
    pollMs: 10_000,
  });
  const media = useResource(`media:${id}:${may.viewImages}`, (s) =>
    may.viewImages ? fetchMedia(id, s).catch(() => []) : Promise.resolve([]),
  );
  const reasonCodes = useResource(may.decide ? 'reason-codes' : null, () =>
    fetchReasonCodes().catch(() => ({})),
  );

  const [dialog, setDialog] = useState<NewStatus | null>(null);
  const [claimBusy, setClaimBusy] = useState(false);

  const data = caseRes.data;
  const claim = review.data?.claim ?? null;
  const mine = isMine(claim, user);
  const status = data?.row.status ?? '';
  const pending = review.data?.pending ?? null;

  useEffect(() => {
    if (!awaiting || !data) return;
    if (data.row.status !== awaiting.from) {
      toast({
        tone: 'success',
        title: t('case.toast.now_status', { status: diditLabel('status', data.row.status) }),
        description: t('case.toast.webhook_updated'),
      });
      setAwaiting(null);
    } else if (Date.now() - awaiting.since > 120_000) {
      setAwaiting(null);
      toast({
        tone: 'info',
        title: t('case.toast.no_webhook'),
        description: t('case.toast.no_webhook_body'),
      });
    }
  }, [awaiting, data, toast, t]);

  // A claim lapses after CLAIM_IDLE_MINUTES without an action of its holder; an open tab does not keep it.
  // A claim taken by opening a decision is given back when that dialog is cancelled.
  const dialogClaimed = useRef(false);

  const doClaim = useCallback(async (): Promise<boolean> => {
    setClaimBusy(true);
    try {
      await claimCase(id);
      await review.reload();
      return true;
    } catch (e) {
      const holder =
        e instanceof ApiError
          ? (e.details?.holder as { name?: string; email?: string } | string | undefined)
          : undefined;
      const who = typeof holder === 'string' ? holder : (holder?.name ?? holder?.email);
      toast({
        tone: 'error',
        title:
          e instanceof ApiError && e.code === 'CLAIMED_BY_OTHER'
            ? t('case.toast.claimed_by', { name: who ?? t('case.toast.another_reviewer') })
            : t('case.toast.claim_failed'),
        description: errorMessage(e),
      });
      await review.reload();
      return false;
    } finally {
      setClaimBusy(false);
    }
  }, [id, review, toast, t]);

  const doRelease = useCallback(async () => {
    setClaimBusy(true);
    try {
      await releaseCase(id);
      await review.reload();
    } catch (e) {
      toast({ tone: 'error', title: t('case.toast.release_failed'), description: errorMessage(e) });
    } finally {
      setClaimBusy(false);
    }
  }, [id, review, toast, t]);

  /** C: claim a free case, release my own. */
  const toggleClaim = () => {
    if (!may.claim) return;
    if (mine) void doRelease();
    else if (!claim) void doClaim();
  };

  // A decision comment typed when the login ended: offered again here (the dialog restores its text).
  const store = draftStore();
  const keptDecision =
    store && !dialog ? readDraft<DecisionDraft>(store, draftKey(user.id, id, 'decision')) : null;

  const blockedWhy = !DECIDABLE.has(statusKey(status))
    ? t('case.blocked.not_finished', { status: diditLabel('status', status) })
    : pending
      ? pending.requestedById === user.id
        ? t('case.blocked.own_pending')
        : t('case.blocked.other_pending', { name: pending.requestedBy })
      : claim && !mine
        ? t('case.blocked.held', { name: claim.holder })
        : undefined;

  /** Opening a decision claims the case first if nobody holds it, so the keyboard path is one key. */
  const openDecision = useCallback(
    async (s: NewStatus) => {
      if (!may.decide || !data) return;
      if (blockedWhy) {
        toast({ tone: 'error', title: t('case.toast.cannot_decide'), description: blockedWhy });
        return;
      }
      if (may.claim && !mine) {
        if (!(await doClaim())) return;
        dialogClaimed.current = true;
      } else if (mine) {
        // Opening a decision is work on the case: the claim runs on from now.
        void claimCase(id)
          .then(() => review.reload())
          .catch(() => review.reload());
      }
      setDialog(s);
    },
    [may.decide, may.claim, data, blockedWhy, mine, doClaim, toast, id, review, t],
  );

  const closeDecision = () => {
    setDialog(null);
    if (!dialogClaimed.current) return;
    dialogClaimed.current = false;
    void releaseCase(id)
      .catch(() => undefined)
      .then(() => review.reload());
  };

  /**
   * "Approve & next": the oldest In Review case nobody has is claimed for me and opened; with none waiting,
   * say so and go back to the queue.
   */
  const openNext = async () => {
    const from = (location.state as { from?: string } | null)?.from ?? '/queue';
    try {
      let next = await takeNextCase();
      // The case just decided stays In Review until Didit's webhook arrives, with no claim left on it: if the
      // queue offers it back, it is now assigned to me and the next call passes over it.
      if (next === id) next = await takeNextCase();
      if (next) {
        navigate(`/sessions/${encodeURIComponent(next)}`, { state: { from } });
        return;
      }
      toast({
        tone: 'info',
        title: t('case.toast.no_next'),
        description: t('case.toast.no_next_body'),
      });
    } catch (e) {
      toast({ tone: 'error', title: t('case.toast.next_failed'), description: errorMessage(e) });
    }
    navigate(from);
  };

  const onDecided = (o: DecisionOutcome, next: boolean) => {
    dialogClaimed.current = false;
    if (next) void openNext();
    if (o.kind === 'staged') {
      toast({
        tone: 'info',
        title: t('case.toast.staged', { status: diditLabel('status', o.status) }),
        description: o.rules.length
          ? t('case.toast.staged_rules', { rules: o.rules.map(ruleText).join('; ') })
          : t('case.toast.staged_body'),
      });
      void review.reload();
    } else {
      toast({
        tone: 'success',
        title: t('case.toast.sent', { status: diditLabel('status', o.status) }),
        description: t('case.toast.sent_body'),
      });
      setAwaiting({ from: status, to: o.status, since: Date.now() });
      void caseRes.reload();
      void review.reload();
    }
  };

  /** A staged decision was confirmed, rejected or withdrawn from the four-eyes banner. */
  const onPendingResolved = (confirmed: boolean, p: Decision) => {
    toast({
      tone: confirmed ? 'success' : 'info',
      title: confirmed
        ? t('case.toast.confirmed', { status: diditLabel('status', p.newStatus) })
        : p.requestedById === user.id
          ? t('case.toast.withdrawn')
          : t('case.toast.rejected'),
    });
    if (confirmed) setAwaiting({ from: status, to: p.newStatus as NewStatus, since: Date.now() });
    void review.reload();
    void caseRes.reload();
  };

  return {
    id,
    user,
    may,
    caseRes,
    data,
    review,
    media: media.data ?? [],
    reasonCodes: reasonCodes.data ?? {},
    status,
    claim,
    mine,
    claimBusy,
    doClaim,
    doRelease,
    toggleClaim,
    awaiting,
    blockedWhy,
    keptDecision,
    dialog,
    openDecision,
    closeDecision,
    onDecided,
    onPendingResolved,
  };
}

export type CaseReview = ReturnType<typeof useCaseReview>;
