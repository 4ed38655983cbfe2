import { type FormEvent, type ReactNode, useId, useMemo, useState } from 'react';
import { Detail } from '../../components/Detail.tsx';
import { DialogActions } from '../../components/DialogActions.tsx';
import { TextAreaField } from '../../components/Field.tsx';
import { Modal } from '../../components/Modal.tsx';
import { DiditOptions, ErrorNotice } from '../../components/ui.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import { amlHitDetail, type HitField } from './aml-hit.ts';
import {
  AML_DISPOSITIONS,
  type AmlDisposition,
  type AmlDispositions,
  dismissAmlHits,
  setAmlHitStatus,
} from './case.api.ts';
import type { AmlHit } from './evidence.ts';

/** A disposition's comment is required: at least this many characters. */
const MIN_COMMENT = 3;

/**
 * A hit's detail view: every field Didit sent about the listed person, the hit's disposition history and,
 * for a reviewer, the form that changes its disposition with a comment.
 */
export function HitDialog({
  sessionId,
  hit,
  canDispose,
  history,
  onClose,
  onSaved,
}: {
  sessionId: string;
  hit: AmlHit;
  canDispose: boolean;
  history: AmlDispositions | undefined;
  onClose: () => void;
  onSaved: (status: AmlDisposition) => void;
}) {
  const formId = useId();
  const t = useT();
  const detail = useMemo(() => amlHitDetail(hit.raw), [hit.raw]);
  const current = (AML_DISPOSITIONS as readonly string[]).includes(hit.reviewStatus)
    ? (hit.reviewStatus as AmlDisposition)
    : 'Unreviewed';
  const [status, setStatus] = useState<AmlDisposition>(current);
  const form = useDispositionForm(status !== current, async (comment) => {
    await setAmlHitStatus(sessionId, hit.id, status, comment, hit.nodeId);
    onSaved(status);
  });
  const entries = (history?.items ?? []).filter((d) => d.hitId === hit.id);

  return (
    <Modal
      open
      wide
      onOpenChange={(o) => !o && !form.busy && onClose()}
      title={t('case.aml.hit_title', { name: detail.title })}
    >
      <div className="stack aml-hit-detail" data-testid="aml-hit-detail">
        <HitFields fields={detail.fields} />
        {detail.links.length > 0 && (
          <ul className="plain">
            {detail.links.map((l) => (
              <li key={`${l.label}-${l.href}`}>
                <a href={l.href} target="_blank" rel="noopener noreferrer">
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        )}
        {detail.pep.length > 0 && (
          <section aria-label={t('case.aml.pep_lists')}>
            <h3>{t('case.aml.pep_lists')}</h3>
            <ul className="plain">
              {detail.pep.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: Didit's order, read-only
                <li key={i}>
                  {/* The list's own words (Didit's data): position, list, publisher, description. */}
                  <strong dir="auto">{m.position}</strong> · <bdi>{m.list}</bdi> (<bdi>{m.publisher}</bdi>) ·{' '}
                  <bdi>{m.description}</bdi>
                  <span className="muted small">
                    {' '}
                    {t.rich('case.aml.pep_matched', {
                      name: <bdi>{m.matchedName}</bdi>,
                      born: m.dateOfBirth,
                    })}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {(detail.risk.length > 0 || detail.breakdown.length > 0) && (
          <div className="two-col">
            <section aria-label={t('case.aml.risk_view')}>
              <h3>{t('case.aml.risk_view')}</h3>
              <HitFields fields={detail.risk} />
            </section>
            <section aria-label={t('case.aml.breakdown')}>
              <h3>{t('case.aml.breakdown')}</h3>
              <HitFields fields={detail.breakdown} />
            </section>
          </div>
        )}
        <section aria-label={t('case.aml.history')}>
          <h3>{t('case.aml.history')}</h3>
          {entries.length === 0 ? (
            <p className="muted small">
              {t('case.aml.no_history', { status: diditLabel('amlReview', hit.reviewStatus) })}
            </p>
          ) : (
            <ol className="plain" data-testid="aml-hit-history">
              {entries.map((d) => (
                <li key={d.id}>
                  {t.rich(d.isUndo ? 'case.aml.history_undo' : 'case.aml.history_entry', {
                    from: diditLabel('amlReview', d.previousStatus ?? 'Unreviewed'),
                    to: diditLabel('amlReview', d.newStatus),
                    actor: <bdi>{d.actor}</bdi>,
                    at: formatDateTime(d.at),
                    b: (chunks) => <strong>{chunks}</strong>,
                  })}
                  <p className="small pre-wrap">“{d.comment}”</p>
                </li>
              ))}
            </ol>
          )}
        </section>
        {canDispose && (
          <DispositionForm form={form} send={t('case.aml.save')} onCancel={onClose}>
            <label className="field" htmlFor={`${formId}-status`}>
              <span>{t('case.aml.col.disposition')}</span>
            </label>
            <select
              id={`${formId}-status`}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as AmlDisposition)}
            >
              <DiditOptions kind="amlReview" values={AML_DISPOSITIONS} />
            </select>
          </DispositionForm>
        )}
      </div>
    </Modal>
  );
}

/** Several hits dismissed as false positives with one comment. */
export function BulkDialog({
  sessionId,
  hits,
  onClose,
  onSaved,
}: {
  sessionId: string;
  hits: AmlHit[];
  onClose: () => void;
  onSaved: () => void;
}) {
  const t = useT();
  const form = useDispositionForm(hits.length > 0, async (comment) => {
    await dismissAmlHits(
      sessionId,
      hits.map((h) => h.id),
      comment,
    );
    onSaved();
  });
  return (
    <Modal
      open
      onOpenChange={(o) => !o && !form.busy && onClose()}
      title={t('case.aml.bulk_title', { count: hits.length })}
      description={t('case.aml.bulk_body')}
    >
      <DispositionForm form={form} send={t('case.aml.bulk_send')} onCancel={onClose} autoFocus>
        <ul className="plain small">
          {hits.map((h) => (
            <li key={h.id} dir="auto">
              {h.caption}
            </li>
          ))}
        </ul>
      </DispositionForm>
    </Modal>
  );
}

/** A hit's facts, its risk view or its score breakdown: one list of named values. */
function HitFields({ fields }: { fields: HitField[] }) {
  const t = useT();
  return (
    <dl className="fields">
      {fields.map((f) => (
        <Detail key={f.label} term={t(f.label)} dir="auto">
          {f.value}
        </Detail>
      ))}
    </dl>
  );
}

type DispositionFormState = ReturnType<typeof useDispositionForm>;

/**
 * The state of a disposition form (one hit or several): the required comment, and `save` called with it once
 * `ready` (the form's own fields are set) and the comment is long enough; a refusal stays in the form.
 */
function useDispositionForm(ready: boolean, save: (comment: string) => Promise<void>) {
  const [comment, setComment] = useState('');
  const { busy, error, run } = useAction();
  const valid = ready && comment.trim().length >= MIN_COMMENT;
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (valid && !busy) void run(() => save(comment.trim()));
  };
  return { comment, setComment, busy, error, valid, onSubmit };
}

/** A disposition form: its own fields (`children`), the required comment and the dialog's Cancel / send buttons. */
function DispositionForm({
  form,
  send,
  onCancel,
  autoFocus = false,
  children,
}: {
  form: DispositionFormState;
  send: string;
  onCancel: () => void;
  autoFocus?: boolean;
  children: ReactNode;
}) {
  const t = useT();
  return (
    <form className="stack" onSubmit={form.onSubmit}>
      {children}
      <TextAreaField
        label={t('case.aml.why', { min: MIN_COMMENT })}
        rows={2}
        data-autofocus={autoFocus || undefined}
        value={form.comment}
        onValue={form.setComment}
      />
      <ErrorNotice error={form.error} title={t('case.aml.not_saved')} />
      <DialogActions
        cancelLabel={t('case.cancel')}
        onCancel={onCancel}
        cancelDisabled={form.busy}
        confirmLabel={form.busy ? t('case.aml.sending') : send}
        disabled={!form.valid || form.busy}
      />
    </form>
  );
}
