import { useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { ShortcutsDialog } from '../../components/ShortcutsDialog.tsx';
import { ErrorNotice, Spinner } from '../../components/ui.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { useLocale, useT } from '../../i18n/I18nProvider.tsx';
import { useHotkeys } from '../../lib/hotkeys.ts';
import { CaseAssignment } from './CaseAssignment.tsx';
import { CaseHeader } from './CaseHeader.tsx';
import { CaseNav } from './CaseNav.tsx';
import { CaseRecords } from './CaseRecords.tsx';
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

const SHORTCUTS = [
  { keys: ['c'], does: 'case.shortcut.claim' },
  { keys: ['a'], does: 'case.shortcut.approve' },
  { keys: ['d'], does: 'case.shortcut.decline' },
  { keys: ['r'], does: 'case.shortcut.resubmit' },
  { keys: ['n'], does: 'case.shortcut.note' },
  { keys: ['q', 'Backspace'], does: 'case.shortcut.back' },
  { keys: ['?'], does: 'case.shortcut.help' },
] as const satisfies readonly { keys: readonly string[]; does: MessageKey }[];

/** One case per mount: moving to another case (e.g. "Approve & next") starts from a clean state. */
export default function CasePage() {
  const { id = '' } = useParams();
  return <CaseView key={id} id={id} />;
}

function CaseView({ id }: { id: string }) {
  const c = useCaseReview(id);
  const t = useT();
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
  // Their texts come from the active catalog: recomputed when the language changes.
  const { locale } = useLocale();
  // biome-ignore lint/correctness/useExhaustiveDependencies: locale changes the words, not the inputs
  const reasons = useMemo(() => reviewReasons(sections), [sections, locale]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: locale changes the words, not the inputs
  const nodes = useMemo(() => (data ? resubmittableNodes(data.decision) : []), [data, locale]);

  if (c.caseRes.error && !data) {
    const missing = c.caseRes.error instanceof ApiError && c.caseRes.error.status === 404;
    return (
      <section>
        <p>
          <Link to="/queue">{t('case.nav.back')}</Link>
        </p>
        <ErrorNotice
          error={c.caseRes.error}
          title={missing ? t('case.load.missing') : t('case.load.failed')}
        />
      </section>
    );
  }
  if (!data) return <Spinner label={t('case.load.loading')} />;

  return (
    <article className="case" aria-label={t('case.label')}>
      <CaseNav c={c} onBack={back} onHelp={() => setHelpOpen(true)} />
      <CaseHeader
        data={data}
        assignment={<CaseAssignment c={c} />}
        actions={<CaseRecords sessionId={id} onErased={() => void c.caseRes.reload()} />}
      />
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
        <summary>{t('case.raw_json')}</summary>
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
      <ShortcutsDialog
        open={helpOpen}
        onOpenChange={setHelpOpen}
        shortcuts={SHORTCUTS.map((s) => ({ keys: [...s.keys], does: t(s.does) }))}
      />
    </article>
  );
}
