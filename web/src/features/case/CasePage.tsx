import { useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { type Shortcut, ShortcutsDialog } from '../../components/ShortcutsDialog.tsx';
import { ErrorNotice, Spinner } from '../../components/ui.tsx';
import { useHotkeys } from '../../lib/hotkeys.ts';
import { CaseHeader } from './CaseHeader.tsx';
import { CaseNav } from './CaseNav.tsx';
import { ConsoleDecisions } from './ConsoleDecisions.tsx';
import { DecisionDialog } from './DecisionDialog.tsx';
import { DecisionOutcomeNotice } from './DecisionOutcome.tsx';
import { EvidencePanel } from './EvidencePanel.tsx';
import { resubmittableNodes, sectionsOf } from './evidence.ts';
import { Notes } from './Notes.tsx';
import { PendingBanner } from './PendingBanner.tsx';
import { Provenance } from './Provenance.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { Timeline } from './Timeline.tsx';
import { useCaseReview } from './use-case-review.ts';
import { WhyInReview } from './WhyInReview.tsx';
import { orderSections, reviewReasons } from './why-review.ts';
import './case.css';

const SHORTCUTS: Shortcut[] = [
  { keys: ['c'], does: 'Claim or release the case' },
  { keys: ['a'], does: 'Approve (opens a confirmation)' },
  { keys: ['d'], does: 'Decline (opens a confirmation)' },
  { keys: ['r'], does: 'Request resubmission (opens a confirmation)' },
  { keys: ['n'], does: 'Write a note' },
  { keys: ['q', 'Backspace'], does: 'Back to the queue' },
  { keys: ['?'], does: 'Show these shortcuts' },
];

/** One case per mount: moving to another case (e.g. "Approve & next") starts from a clean state. */
export default function CasePage() {
  const { id = '' } = useParams();
  return <CaseView key={id} id={id} />;
}

function CaseView({ id }: { id: string }) {
  const c = useCaseReview(id);
  const navigate = useNavigate();
  const location = useLocation();
  const [helpOpen, setHelpOpen] = useState(false);
  const notesRef = useRef<HTMLDivElement>(null);
  const { data, review } = c;

  const back = () => navigate((location.state as { from?: string } | null)?.from ?? '/queue');
  useHotkeys({
    a: () => void c.openDecision('Approved'),
    d: () => void c.openDecision('Declined'),
    r: () => void c.openDecision('Resubmitted'),
    c: c.toggleClaim,
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
  const nodes = useMemo(() => (data ? resubmittableNodes(data.decision) : []), [data]);

  if (c.caseRes.error && !data) {
    const missing = c.caseRes.error instanceof ApiError && c.caseRes.error.status === 404;
    return (
      <section>
        <p>
          <Link to="/queue">← Queue</Link>
        </p>
        <ErrorNotice
          error={c.caseRes.error}
          title={missing ? 'No such session' : 'The case could not be loaded'}
        />
      </section>
    );
  }
  if (!data) return <Spinner label="Loading case" />;

  return (
    <article className="case" aria-label="Case">
      <CaseNav c={c} onBack={back} onHelp={() => setHelpOpen(true)} />
      <CaseHeader data={data} holder={review.data ? (c.claim?.holder ?? null) : undefined} />
      <WhyInReview reasons={reasons} status={c.status} />
      <ReviewPanel c={c} />
      {review.data && <DecisionOutcomeNotice decisions={review.data.decisions} user={c.user} />}
      {review.data && (
        <PendingBanner
          pending={review.data.pending}
          user={c.user}
          canConfirm={c.may.confirm}
          onResolved={c.onPendingResolved}
        />
      )}
      <Provenance data={data} />
      <EvidencePanel c={c} sections={sections} />
      <div className="two-col">
        <Timeline history={data.history} />
        <div ref={notesRef}>
          {review.data ? (
            <Notes
              sessionId={id}
              notes={review.data.notes}
              canWrite={c.may.notes}
              onAdded={() => void review.reload()}
            />
          ) : null}
        </div>
      </div>
      {review.data && <ConsoleDecisions decisions={review.data.decisions} reasonCodes={c.reasonCodes} />}
      <details className="card raw-json">
        <summary>Raw decision JSON</summary>
        <pre className="mono small">{JSON.stringify(data.decision, null, 2)}</pre>
      </details>
      {c.may.decide && (
        <DecisionDialog
          sessionId={id}
          status={c.dialog}
          onClose={c.closeDecision}
          reasonCodes={c.reasonCodes}
          nodes={nodes}
          onDecided={c.onDecided}
          openAmlHits={data.row.amlUnreviewed}
          canNext={c.may.next}
        />
      )}
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} shortcuts={SHORTCUTS} />
    </article>
  );
}
