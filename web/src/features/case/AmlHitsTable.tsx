import { createColumnHelper } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useUser } from '../../app/auth-context.tsx';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { DiditTerm, ErrorNotice } from '../../components/ui.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import { amlHitDetail, type HitField, isOpenHit } from './aml-hit.ts';
import {
  AML_DISPOSITIONS,
  type AmlDisposition,
  type AmlDispositions,
  dismissAmlHits,
  fetchAmlDispositions,
  setAmlHitStatus,
  undoAmlAction,
} from './case.api.ts';
import type { AmlHit } from './evidence.ts';

const col = createColumnHelper<AmlHit>();

/** Hits that can be dismissed in bulk: a Confirmed Match is changed on its own, with its own comment. */
const selectable = (h: AmlHit) => h.reviewStatus !== 'Confirmed Match' && h.reviewStatus !== 'False Positive';
const MIN_COMMENT = 3;

/**
 * One row per hit. A disposition is never saved on change: it is chosen in the hit's detail view with a
 * comment (required), and the last action can be undone. Several hits can be dismissed as false positives
 * with one comment.
 */
export function AmlHitsTable({
  sessionId,
  hits,
  canDispose,
  onChanged,
}: {
  sessionId: string;
  hits: AmlHit[];
  canDispose: boolean;
  onChanged: () => void;
}) {
  const user = useUser();
  const toast = useToast();
  const t = useT();
  const [openId, setOpenId] = useState<string | null>(null);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [bulkOpen, setBulkOpen] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const dispositions = useResource(`aml-dispositions:${sessionId}`, (s) =>
    fetchAmlDispositions(sessionId, s),
  );

  const changed = () => {
    void dispositions.reload();
    onChanged();
  };

  const picked = hits.filter((h) => selected.has(h.id) && selectable(h));
  const hitIds = new Set(hits.map((h) => h.id));
  const last = dispositions.data?.lastAction ?? null;
  const undoable = last && last.actorId === user.id && last.hitIds.some((h) => hitIds.has(h)) ? last : null;

  const columns = useMemo(
    () => [
      ...(canDispose
        ? [
            col.display({
              id: 'select',
              header: () => <span className="visually-hidden">{t('case.aml.select')}</span>,
              cell: (c) => {
                const hit = c.row.original;
                return (
                  <input
                    type="checkbox"
                    aria-label={t('case.aml.select_hit', { name: hit.caption })}
                    data-testid={`aml-select-${hit.id}`}
                    disabled={!selectable(hit)}
                    checked={selected.has(hit.id) && selectable(hit)}
                    onChange={(e) =>
                      setSelected((s) => {
                        const next = new Set(s);
                        if (e.target.checked) next.add(hit.id);
                        else next.delete(hit.id);
                        return next;
                      })
                    }
                  />
                );
              },
            }),
          ]
        : []),
      col.accessor('caption', {
        header: t('case.aml.col.match'),
        cell: (c) => (
          <div className="cell-stack">
            <button
              type="button"
              className="link-button"
              onClick={() => setOpenId(c.row.original.id)}
              data-testid={`aml-hit-open-${c.row.original.id}`}
            >
              <span dir="auto">{c.getValue()}</span>
            </button>
            <small className="muted">
              {[...c.row.original.countries, ...c.row.original.birthDates].join(' · ') || ' '}
            </small>
          </div>
        ),
      }),
      col.accessor('matchScore', {
        header: t('case.aml.field.match_score'),
        cell: (c) => c.getValue() ?? '—',
      }),
      col.accessor('riskScore', { header: t('case.aml.field.risk_score'), cell: (c) => c.getValue() ?? '—' }),
      col.accessor('datasets', {
        header: t('case.aml.field.datasets'),
        cell: (c) => (
          <span className="cell-row">
            {c.getValue().map((d) => (
              <DiditTerm key={d} kind="dataset" value={d} className="tag" />
            ))}
          </span>
        ),
      }),
      col.accessor('reviewStatus', {
        header: t('case.aml.col.disposition'),
        cell: (c) => (
          <span data-testid={`aml-status-${c.row.original.id}`}>
            <DiditTerm
              kind="amlReview"
              value={c.getValue()}
              className={`disposition d-${slug(c.getValue())}`}
            />
          </span>
        ),
      }),
      col.display({
        id: 'open',
        header: () => <span className="visually-hidden">{t('case.aml.details')}</span>,
        cell: (c) => (
          <button type="button" className="button small" onClick={() => setOpenId(c.row.original.id)}>
            {canDispose ? t('case.aml.review') : t('case.aml.details')}
            <span className="visually-hidden"> {c.row.original.caption}</span>
          </button>
        ),
      }),
    ],
    [canDispose, selected, t],
  );

  const openHit = hits.find((h) => h.id === openId) ?? null;
  const openCount = hits.filter((h) => isOpenHit(h.reviewStatus)).length;

  return (
    <div className="aml-hits">
      {canDispose && hits.length > 0 && (
        <div className="aml-toolbar">
          <span className="muted small">
            {t('case.aml.unreviewed_of', { open: openCount, count: hits.length })}
          </span>
          <button
            type="button"
            className="button"
            disabled={picked.length === 0}
            onClick={() => setBulkOpen(true)}
          >
            {t('case.aml.bulk_button', { count: picked.length })}
          </button>
          {undoable && (
            <span className="aml-undo" role="status">
              {t('case.aml.you_marked', {
                count: undoable.hitIds.length,
                status: diditLabel('amlReview', undoable.newStatus),
              })}{' '}
              <button
                type="button"
                className="button small"
                disabled={undoing}
                onClick={async () => {
                  setUndoing(true);
                  try {
                    await undoAmlAction(sessionId, undoable.actionId);
                    toast({ tone: 'success', title: t('case.aml.undone') });
                    changed();
                  } catch (e) {
                    toast({ tone: 'error', title: t('case.aml.not_undone'), description: errorMessage(e) });
                  } finally {
                    setUndoing(false);
                  }
                }}
              >
                {t('case.aml.undo')}
              </button>
            </span>
          )}
        </div>
      )}
      <DataTable
        data={hits}
        columns={columns}
        getRowId={(h) => h.id}
        caption={t('case.aml.caption')}
        empty={t('case.aml.empty')}
        testId="aml-hits"
      />
      {openHit && (
        <HitDialog
          sessionId={sessionId}
          hit={openHit}
          canDispose={canDispose}
          history={dispositions.data}
          onClose={() => setOpenId(null)}
          onSaved={(status) => {
            toast({
              tone: 'success',
              title: t('case.aml.marked', { status: diditLabel('amlReview', status) }),
              description: t('case.aml.accepted'),
            });
            setOpenId(null);
            changed();
          }}
        />
      )}
      {bulkOpen && (
        <BulkDialog
          sessionId={sessionId}
          hits={picked}
          onClose={() => setBulkOpen(false)}
          onSaved={() => {
            toast({ tone: 'success', title: t('case.aml.bulk_done', { count: picked.length }) });
            setBulkOpen(false);
            setSelected(new Set());
            changed();
          }}
        />
      )}
    </div>
  );
}

function HitDialog({
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
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const entries = (history?.items ?? []).filter((d) => d.hitId === hit.id);
  const valid = status !== current && comment.trim().length >= MIN_COMMENT;

  return (
    <Modal
      open
      wide
      onOpenChange={(o) => !o && !busy && onClose()}
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
          <form
            className="stack"
            onSubmit={async (e) => {
              e.preventDefault();
              if (!valid || busy) return;
              setBusy(true);
              setError(null);
              try {
                await setAmlHitStatus(sessionId, hit.id, status, comment.trim(), hit.nodeId);
                onSaved(status);
              } catch (err) {
                setError(err);
              } finally {
                setBusy(false);
              }
            }}
          >
            <label className="field" htmlFor={`${formId}-status`}>
              <span>{t('case.aml.col.disposition')}</span>
            </label>
            <select
              id={`${formId}-status`}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as AmlDisposition)}
            >
              {AML_DISPOSITIONS.map((d) => (
                <option key={d} value={d}>
                  {diditLabel('amlReview', d)}
                </option>
              ))}
            </select>
            <CommentAndSend
              comment={comment}
              onComment={setComment}
              error={error}
              busy={busy}
              valid={valid}
              send={t('case.aml.save')}
              onCancel={onClose}
            />
          </form>
        )}
      </div>
    </Modal>
  );
}

function BulkDialog({
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
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valid = comment.trim().length >= MIN_COMMENT && hits.length > 0;
  return (
    <Modal
      open
      onOpenChange={(o) => !o && !busy && onClose()}
      title={t('case.aml.bulk_title', { count: hits.length })}
      description={t('case.aml.bulk_body')}
    >
      <form
        className="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!valid || busy) return;
          setBusy(true);
          setError(null);
          try {
            await dismissAmlHits(
              sessionId,
              hits.map((h) => h.id),
              comment.trim(),
            );
            onSaved();
          } catch (err) {
            setError(err);
          } finally {
            setBusy(false);
          }
        }}
      >
        <ul className="plain small">
          {hits.map((h) => (
            <li key={h.id} dir="auto">
              {h.caption}
            </li>
          ))}
        </ul>
        <CommentAndSend
          comment={comment}
          onComment={setComment}
          error={error}
          busy={busy}
          valid={valid}
          send={t('case.aml.bulk_send')}
          onCancel={onClose}
          autoFocus
        />
      </form>
    </Modal>
  );
}

/** A hit's facts, its risk view or its score breakdown: one list of named values. */
function HitFields({ fields }: { fields: HitField[] }) {
  const t = useT();
  return (
    <dl className="fields">
      {fields.map((f) => (
        <div key={f.label}>
          <dt>{t(f.label)}</dt>
          <dd dir="auto">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The required comment of a disposition (one hit or several) and the dialog's Cancel / send buttons. */
function CommentAndSend({
  comment,
  onComment,
  error,
  busy,
  valid,
  send,
  onCancel,
  autoFocus = false,
}: {
  comment: string;
  onComment: (v: string) => void;
  error: unknown;
  busy: boolean;
  valid: boolean;
  send: string;
  onCancel: () => void;
  autoFocus?: boolean;
}) {
  const t = useT();
  return (
    <>
      <label className="field">
        <span>{t('case.aml.why', { min: MIN_COMMENT })}</span>
        <textarea
          className="input"
          rows={2}
          data-autofocus={autoFocus || undefined}
          value={comment}
          onChange={(e) => onComment(e.target.value)}
        />
      </label>
      <ErrorNotice error={error} title={t('case.aml.not_saved')} />
      <div className="dialog-actions">
        <button type="button" className="button button-ghost" onClick={onCancel} disabled={busy}>
          {t('case.cancel')}
        </button>
        <button type="submit" className="button button-primary" disabled={!valid || busy}>
          {busy ? t('case.aml.sending') : send}
        </button>
      </div>
    </>
  );
}

function slug(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '-');
}
