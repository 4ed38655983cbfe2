import { createColumnHelper } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useUser } from '../../app/auth-context.tsx';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { Modal } from '../../components/Modal.tsx';
import { useToast } from '../../components/toast.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useResource } from '../../lib/use-resource.ts';
import { amlHitDetail, isOpenHit } from './aml-hit.ts';
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
              header: () => <span className="visually-hidden">Select</span>,
              cell: (c) => {
                const hit = c.row.original;
                return (
                  <input
                    type="checkbox"
                    aria-label={`Select ${hit.caption}`}
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
        header: 'Match',
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
      col.accessor('matchScore', { header: 'Match score', cell: (c) => c.getValue() ?? '—' }),
      col.accessor('riskScore', { header: 'Risk score', cell: (c) => c.getValue() ?? '—' }),
      col.accessor('datasets', {
        header: 'Datasets',
        cell: (c) => (
          <span className="cell-row">
            {c.getValue().map((d) => (
              <span key={d} className="tag">
                {d}
              </span>
            ))}
          </span>
        ),
      }),
      col.accessor('reviewStatus', {
        header: 'Disposition',
        cell: (c) => (
          <span
            className={`disposition d-${slug(c.getValue())}`}
            data-testid={`aml-status-${c.row.original.id}`}
          >
            {c.getValue()}
          </span>
        ),
      }),
      col.display({
        id: 'open',
        header: () => <span className="visually-hidden">Details</span>,
        cell: (c) => (
          <button type="button" className="button small" onClick={() => setOpenId(c.row.original.id)}>
            {canDispose ? 'Review…' : 'Details'}
            <span className="visually-hidden"> {c.row.original.caption}</span>
          </button>
        ),
      }),
    ],
    [canDispose, selected],
  );

  const openHit = hits.find((h) => h.id === openId) ?? null;
  const openCount = hits.filter((h) => isOpenHit(h.reviewStatus)).length;

  return (
    <div className="aml-hits">
      {canDispose && hits.length > 0 && (
        <div className="aml-toolbar">
          <span className="muted small">
            {openCount} of {hits.length} hit(s) unreviewed
          </span>
          <button
            type="button"
            className="button"
            disabled={picked.length === 0}
            onClick={() => setBulkOpen(true)}
          >
            Mark {picked.length || ''} selected as false positive…
          </button>
          {undoable && (
            <span className="aml-undo" role="status">
              You marked {undoable.hitIds.length} hit(s) {undoable.newStatus}.{' '}
              <button
                type="button"
                className="button small"
                disabled={undoing}
                onClick={async () => {
                  setUndoing(true);
                  try {
                    await undoAmlAction(sessionId, undoable.actionId);
                    toast({ tone: 'success', title: 'Disposition undone' });
                    changed();
                  } catch (e) {
                    toast({ tone: 'error', title: 'Not undone', description: errorMessage(e) });
                  } finally {
                    setUndoing(false);
                  }
                }}
              >
                Undo
              </button>
            </span>
          )}
        </div>
      )}
      <DataTable
        data={hits}
        columns={columns}
        getRowId={(h) => h.id}
        caption="AML hits"
        empty="No hits."
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
            toast({ tone: 'success', title: `Hit marked ${status}`, description: 'Didit accepted it.' });
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
            toast({ tone: 'success', title: `${picked.length} hit(s) marked False Positive` });
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
    <Modal open wide onOpenChange={(o) => !o && !busy && onClose()} title={`AML hit: ${detail.title}`}>
      <div className="stack aml-hit-detail" data-testid="aml-hit-detail">
        <dl className="fields">
          {detail.fields.map((f) => (
            <div key={f.label}>
              <dt>{f.label}</dt>
              <dd dir="auto">{f.value}</dd>
            </div>
          ))}
        </dl>
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
          <section aria-label="PEP lists">
            <h3>PEP lists</h3>
            <ul className="plain">
              {detail.pep.map((m, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: Didit's order, read-only
                <li key={i}>
                  <strong dir="auto">{m.position}</strong> · {m.list} ({m.publisher}) · {m.description}
                  <span className="muted small">
                    {' '}
                    matched <span dir="auto">{m.matchedName}</span>, born {m.dateOfBirth}
                  </span>
                </li>
              ))}
            </ul>
          </section>
        )}
        {(detail.risk.length > 0 || detail.breakdown.length > 0) && (
          <div className="two-col">
            <section aria-label="Risk view">
              <h3>Risk view</h3>
              <dl className="fields">
                {detail.risk.map((f) => (
                  <div key={f.label}>
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </div>
                ))}
              </dl>
            </section>
            <section aria-label="Match score breakdown">
              <h3>Match score breakdown</h3>
              <dl className="fields">
                {detail.breakdown.map((f) => (
                  <div key={f.label}>
                    <dt>{f.label}</dt>
                    <dd>{f.value}</dd>
                  </div>
                ))}
              </dl>
            </section>
          </div>
        )}
        <section aria-label="Disposition history">
          <h3>Disposition history</h3>
          {entries.length === 0 ? (
            <p className="muted small">
              No disposition made in this console yet (Didit: {hit.reviewStatus}).
            </p>
          ) : (
            <ol className="plain" data-testid="aml-hit-history">
              {entries.map((d) => (
                <li key={d.id}>
                  {d.isUndo ? 'Undo: ' : ''}
                  {d.previousStatus ?? 'Unreviewed'} → <strong>{d.newStatus}</strong> by {d.actor},{' '}
                  {formatDateTime(d.at)}
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
              <span>Disposition</span>
            </label>
            <select
              id={`${formId}-status`}
              className="input"
              value={status}
              onChange={(e) => setStatus(e.target.value as AmlDisposition)}
            >
              {AML_DISPOSITIONS.map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
            <label className="field">
              <span>Why (required, at least {MIN_COMMENT} characters)</span>
              <textarea
                className="input"
                rows={2}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
            </label>
            <ErrorNotice error={error} title="Disposition not saved" />
            <div className="dialog-actions">
              <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
                Cancel
              </button>
              <button type="submit" className="button button-primary" disabled={!valid || busy}>
                {busy ? 'Sending to Didit…' : 'Save disposition'}
              </button>
            </div>
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
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const valid = comment.trim().length >= MIN_COMMENT && hits.length > 0;
  return (
    <Modal
      open
      onOpenChange={(o) => !o && !busy && onClose()}
      title={`Mark ${hits.length} hit(s) as false positive`}
      description="One comment for every selected hit; it is kept with each disposition and in the audit log."
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
        <label className="field">
          <span>Why (required, at least {MIN_COMMENT} characters)</span>
          <textarea
            className="input"
            rows={2}
            data-autofocus
            value={comment}
            onChange={(e) => setComment(e.target.value)}
          />
        </label>
        <ErrorNotice error={error} title="Not saved" />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!valid || busy}>
            {busy ? 'Sending to Didit…' : 'Mark false positive'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

function slug(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '-');
}
