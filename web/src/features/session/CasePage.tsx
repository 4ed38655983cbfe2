import { statusKey, UPDATABLE_STATUS_KEYS } from '@console/didit/statuses';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/client.ts';
import { useAuth, useUser } from '../../app/auth-context.tsx';
import { type Shortcut, ShortcutsDialog } from '../../components/ShortcutsDialog.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice, Kbd, Spinner, StatusBadge } from '../../components/ui.tsx';
import { draftKey, draftStore, readDraft } from '../../lib/drafts.ts';
import { codeWords, formatDateTime } from '../../lib/format.ts';
import { useHotkeys } from '../../lib/hotkeys.ts';
import { useResource } from '../../lib/use-resource.ts';
import { ShareCaseButton } from '../sharing/ShareCaseButton.tsx';
import { CaseHeader } from './CaseHeader.tsx';
import { DecisionDialog, type DecisionDraft, type DecisionOutcome } from './DecisionDialog.tsx';
import { DecisionOutcomeNotice } from './DecisionOutcome.tsx';
import { EvidenceSection } from './EvidenceSections.tsx';
import { resubmittableNodes, sectionsOf } from './evidence.ts';
import { MediaGallery } from './MediaGallery.tsx';
import { Notes } from './Notes.tsx';
import { Provenance } from './Provenance.tsx';
import { ClaimBar, DecisionButtons, isMine, PendingBanner } from './ReviewPanel.tsx';
import {
  claimCase,
  fetchCase,
  fetchMedia,
  fetchReasonCodes,
  fetchReview,
  type NewStatus,
  type ReasonCode,
  refreshCase,
  releaseCase,
} from './session.api.ts';
import { Timeline } from './Timeline.tsx';
import { WhyInReview } from './WhyInReview.tsx';
import { orderSections, reviewReasons } from './why-review.ts';
import './case.css';

/** Didit's update-status accepts only these current statuses (docs/didit.md §2.4). */
const DECIDABLE = new Set(UPDATABLE_STATUS_KEYS);
const TITLE_OF: Record<NewStatus, string> = {
  Approved: 'Approve',
  Declined: 'Decline',
  Resubmitted: 'Request resubmission',
};

const SHORTCUTS: Shortcut[] = [
  { keys: ['c'], does: 'Claim or release the case' },
  { keys: ['a'], does: 'Approve (opens a confirmation)' },
  { keys: ['d'], does: 'Decline (opens a confirmation)' },
  { keys: ['r'], does: 'Request resubmission (opens a confirmation)' },
  { keys: ['n'], does: 'Write a note' },
  { keys: ['q', 'Backspace'], does: 'Back to the queue' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

export default function CasePage() {
  const { id = '' } = useParams();
  const user = useUser();
  const { can } = useAuth();
  const toast = useToast();
  const navigate = useNavigate();
  const location = useLocation();
  const base = `/api/sessions/${encodeURIComponent(id)}`;
  const canDecide = can('POST', `${base}/status`);
  const canClaim = can('POST', `${base}/claim`);
  const canReview = can('GET', `${base}/review`);
  const canNotes = can('POST', `${base}/notes`);
  const canAml = can('PATCH', `${base}/aml-hits/hit`);
  const canConfirm = can('POST', '/api/review/pending/p/confirm');
  const canRefresh = can('POST', `${base}/refresh`);

  // After Didit accepted a decision we poll until its webhook changes the status here.
  const [awaiting, setAwaiting] = useState<{ from: string; to: NewStatus; since: number } | null>(null);
  const caseRes = useResource(`case:${id}`, (s) => fetchCase(id, s), { pollMs: awaiting ? 1500 : 15_000 });
  const review = useResource(canReview ? `review:${id}` : null, (s) => fetchReview(id, s), {
    pollMs: 10_000,
  });
  // ID images are served to reviewers and admins only (least privilege, enforced by the server).
  const mayViewImages = user.roles.includes('reviewer') || user.roles.includes('admin');
  const media = useResource(`media:${id}:${mayViewImages}`, (s) =>
    mayViewImages ? fetchMedia(id, s).catch(() => []) : Promise.resolve([]),
  );
  const reasonsCatalogue = useResource(canDecide ? 'reason-codes' : null, () =>
    fetchReasonCodes().catch(() => ({})),
  );

  const [dialog, setDialog] = useState<NewStatus | null>(null);
  const [helpOpen, setHelpOpen] = useState(false);
  const [claimBusy, setClaimBusy] = useState(false);
  const notesRef = useRef<HTMLDivElement>(null);

  const data = caseRes.data;
  const claim = review.data?.claim ?? null;
  const mine = isMine(claim, user);
  const status = data?.row.status ?? '';
  const decidable = DECIDABLE.has(statusKey(status));

  useEffect(() => {
    if (!awaiting || !data) return;
    if (data.row.status !== awaiting.from) {
      toast({
        tone: 'success',
        title: `Case is now ${data.row.status}`,
        description: "Didit's webhook updated the case.",
      });
      setAwaiting(null);
    } else if (Date.now() - awaiting.since > 120_000) {
      setAwaiting(null);
      toast({
        tone: 'info',
        title: 'No webhook yet',
        description: 'Didit accepted the decision; the case will update when its webhook arrives.',
      });
    }
  }, [awaiting, data, toast]);

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
            ? `Claimed by ${who ?? 'another reviewer'}`
            : 'Could not claim',
        description: errorMessage(e),
      });
      await review.reload();
      return false;
    } finally {
      setClaimBusy(false);
    }
  }, [id, review, toast]);

  const doRelease = useCallback(async () => {
    setClaimBusy(true);
    try {
      await releaseCase(id);
      await review.reload();
    } catch (e) {
      toast({ tone: 'error', title: 'Could not release', description: errorMessage(e) });
    } finally {
      setClaimBusy(false);
    }
  }, [id, review, toast]);

  const pending = review.data?.pending ?? null;
  // A decision comment typed when the login ended: offered again here (the dialog restores its text).
  const store = draftStore();
  const keptDecision =
    store && !dialog ? readDraft<DecisionDraft>(store, draftKey(user.id, id, 'decision')) : null;

  const blockedWhy = !decidable
    ? `Didit accepts a decision only on finished cases (this one is ${status}).`
    : pending
      ? pending.requestedById === user.id
        ? 'Your decision is waiting for a second reviewer. Withdraw it to decide differently.'
        : `A decision staged by ${pending.requestedBy} is waiting for a second reviewer.`
      : claim && !mine
        ? `${claim.holder} holds this case.`
        : undefined;

  /** Opening a decision claims the case first if nobody holds it, so the keyboard path is one key. */
  const openDecision = useCallback(
    async (s: NewStatus) => {
      if (!canDecide || !data) return;
      if (blockedWhy) {
        toast({ tone: 'error', title: 'Cannot decide this case', description: blockedWhy });
        return;
      }
      if (canClaim && !mine) {
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
    [canDecide, canClaim, data, blockedWhy, mine, doClaim, toast, id, review],
  );

  const onDecided = (o: DecisionOutcome) => {
    dialogClaimed.current = false;
    if (o.kind === 'staged') {
      toast({
        tone: 'info',
        title: `${o.status} staged for a second reviewer`,
        description:
          o.reason ?? 'Four-eyes applies: another reviewer must confirm before it is sent to Didit.',
      });
      void review.reload();
    } else {
      toast({
        tone: 'success',
        title: `Didit accepted: ${o.status}`,
        description: 'Waiting for the webhook to update the case…',
      });
      setAwaiting({ from: status, to: o.status, since: Date.now() });
      void caseRes.reload();
      void review.reload();
    }
  };

  const back = () => navigate((location.state as { from?: string } | null)?.from ?? '/queue');
  useHotkeys({
    a: () => void openDecision('Approved'),
    d: () => void openDecision('Declined'),
    r: () => void openDecision('Resubmitted'),
    c: () => {
      if (!canClaim) return;
      if (mine) void doRelease();
      else if (!claim) void doClaim();
    },
    n: () => notesRef.current?.querySelector('textarea')?.focus(),
    q: back,
    backspace: back,
    '?': () => setHelpOpen(true),
  });

  const sections = useMemo(
    () => (data ? orderSections(sectionsOf(data.decision), data.row.kind) : []),
    [data],
  );
  const reasons = useMemo(() => reviewReasons(sections), [sections]);
  const reasonCatalogue: Record<string, ReasonCode[]> = reasonsCatalogue.data ?? {};
  const nodes = useMemo(() => (data ? resubmittableNodes(data.decision) : []), [data]);
  const nodeIds = useMemo(() => new Set(sections.flatMap((s) => s.nodes.map((n) => n.node_id))), [sections]);
  const looseMedia = (media.data ?? []).filter((m) => !m.nodeId || !nodeIds.has(m.nodeId));

  if (caseRes.error && !data) {
    return (
      <section>
        <p>
          <Link to="/queue">← Queue</Link>
        </p>
        <ErrorNotice
          error={caseRes.error}
          title={
            caseRes.error instanceof ApiError && caseRes.error.status === 404
              ? 'No such session'
              : 'The case could not be loaded'
          }
        />
      </section>
    );
  }
  if (!data) return <Spinner label="Loading case" />;

  return (
    <article className="case" aria-label="Case">
      <nav className="case-nav" aria-label="Case navigation">
        <button type="button" className="button button-ghost" onClick={back}>
          ← Queue <Kbd>q</Kbd>
        </button>
        <div className="case-nav-end">
          {canRefresh && (
            <button
              type="button"
              className="button button-ghost"
              onClick={async () => {
                try {
                  await refreshCase(id);
                  await caseRes.reload();
                  toast({ tone: 'success', title: 'Decision re-fetched from Didit' });
                } catch (e) {
                  toast({ tone: 'error', title: 'Refresh failed', description: errorMessage(e) });
                }
              }}
            >
              Re-fetch from Didit
            </button>
          )}
          <ShareCaseButton sessionId={id} status={status} onShared={() => void caseRes.reload()} />
          <button type="button" className="button button-ghost" onClick={() => setHelpOpen(true)}>
            Shortcuts <Kbd>?</Kbd>
          </button>
        </div>
      </nav>

      <CaseHeader data={data} holder={review.data ? (claim?.holder ?? null) : undefined} />
      <WhyInReview reasons={reasons} status={status} />

      {(canClaim || canDecide || canReview) && (
        <div className="review-panel card" data-testid="review-panel">
          {canReview && (
            <ClaimBar
              claim={claim}
              user={user}
              canClaim={canClaim}
              canBreak={canClaim && user.roles.includes('admin')}
              busy={claimBusy}
              onClaim={() => void doClaim()}
              onRelease={() => void doRelease()}
              onBroken={() => {
                toast({ tone: 'success', title: 'Claim broken', description: 'The case is free again.' });
                void review.reload();
              }}
            />
          )}
          {awaiting && (
            <div className="notice notice-info" role="status" data-testid="awaiting-webhook">
              <Spinner label="" /> Didit accepted <StatusBadge status={awaiting.to} />. Waiting for its
              webhook to update the case…
            </div>
          )}
          {canDecide && (
            <DecisionButtons
              disabled={Boolean(blockedWhy) || Boolean(awaiting)}
              why={blockedWhy}
              onOpen={(s) => void openDecision(s)}
            />
          )}
          {canDecide && blockedWhy && <p className="muted small">{blockedWhy}</p>}
          {canDecide && !dialog && keptDecision && (
            <div className="notice notice-info" role="status" data-testid="decision-draft">
              Your unsent comment for “{TITLE_OF[keptDecision.status]}” was kept.{' '}
              <button
                type="button"
                className="button small"
                onClick={() => void openDecision(keptDecision.status)}
              >
                Continue
              </button>
            </div>
          )}
        </div>
      )}

      {review.data && <DecisionOutcomeNotice decisions={review.data.decisions} user={user} />}

      {review.data && (
        <PendingBanner
          pending={review.data.pending}
          user={user}
          canConfirm={canConfirm}
          onResolved={(confirmed, p) => {
            toast({
              tone: confirmed ? 'success' : 'info',
              title: confirmed
                ? `Confirmed: ${p.newStatus} sent to Didit`
                : p.requestedById === user.id
                  ? 'Staged decision withdrawn'
                  : 'Staged decision rejected',
            });
            if (confirmed) setAwaiting({ from: status, to: p.newStatus as NewStatus, since: Date.now() });
            void review.reload();
            void caseRes.reload();
          }}
        />
      )}

      <Provenance data={data} />

      {sections.length === 0 && (
        <p className="card muted">Didit has not sent any verification results for this session yet.</p>
      )}
      <div className="evidence-grid">
        {sections.map((s) => (
          <EvidenceSection
            key={s.key}
            section={s}
            ctx={{
              sessionId: id,
              media: media.data ?? [],
              canDisposeAml: canAml,
              onChanged: () => void caseRes.reload(),
            }}
          />
        ))}

        {looseMedia.length > 0 && (
          <section className="evidence-section evidence-wide" aria-labelledby="images-title">
            <h2 id="images-title">Images</h2>
            <MediaGallery items={looseMedia} />
          </section>
        )}
      </div>

      <div className="two-col">
        <Timeline history={data.history} />
        <div ref={notesRef}>
          {review.data ? (
            <Notes
              sessionId={id}
              notes={review.data.notes}
              canWrite={canNotes}
              onAdded={() => void review.reload()}
            />
          ) : null}
        </div>
      </div>

      {review.data && review.data.decisions.length > 0 && (
        <section className="card" aria-labelledby="decisions-title">
          <h2 id="decisions-title">Decisions made in this console</h2>
          <ul className="plain">
            {review.data.decisions.map((d) => (
              <li key={d.id}>
                <StatusBadge status={d.newStatus} /> requested by {d.requestedBy} at{' '}
                {formatDateTime(d.requestedAt)} <span className="tag">{codeWords(d.state)}</span>
                {d.confirmedBy && <span className="small"> confirmed by {d.confirmedBy}</span>}
                {d.rejectedBy && (
                  <span className="small">
                    {' '}
                    {d.rejectedById === d.requestedById ? 'withdrawn' : `rejected by ${d.rejectedBy}`}
                  </span>
                )}
                {d.rejectComment && <p className="small pre-wrap">Why: “{d.rejectComment}”</p>}
                {d.diditError && <span className="tag tag-bad">Didit: {d.diditError}</span>}
                {d.reasonCodes.length > 0 && (
                  <span className="small muted">
                    {' '}
                    {d.reasonCodes
                      .map(
                        (c) =>
                          (reasonCatalogue[d.newStatus] ?? []).find((r) => r.code === c)?.label ??
                          codeWords(c),
                      )
                      .join(', ')}
                  </span>
                )}
                {d.comment && <p className="small pre-wrap">{d.comment}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}

      <details className="card raw-json">
        <summary>Raw decision JSON</summary>
        <pre className="mono small">{JSON.stringify(data.decision, null, 2)}</pre>
      </details>

      {canDecide && (
        <DecisionDialog
          sessionId={id}
          status={dialog}
          onClose={() => {
            setDialog(null);
            if (!dialogClaimed.current) return;
            dialogClaimed.current = false;
            void releaseCase(id)
              .catch(() => undefined)
              .then(() => review.reload());
          }}
          reasonCodes={reasonsCatalogue.data ?? {}}
          nodes={nodes}
          onDecided={onDecided}
          openAmlHits={data.row.amlUnreviewed}
        />
      )}
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} shortcuts={SHORTCUTS} />
    </article>
  );
}
