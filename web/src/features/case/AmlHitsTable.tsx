import { createColumnHelper } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useUser } from '../../app/auth-context.tsx';
import { DataTable } from '../../components/data-table/DataTable.tsx';
import { useToast } from '../../components/toast.tsx';
import { DiditTerm } from '../../components/ui.tsx';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useResource } from '../../lib/use-resource.ts';
import { BulkDialog, HitDialog } from './AmlHitDialogs.tsx';
import { isOpenHit } from './aml-hit.ts';
import { fetchAmlDispositions, undoAmlAction } from './case.api.ts';
import type { AmlHit } from './evidence.ts';

const col = createColumnHelper<AmlHit>();

/** Hits that can be dismissed in bulk: a Confirmed Match is changed on its own, with its own comment. */
const selectable = (h: AmlHit) => h.reviewStatus !== 'Confirmed Match' && h.reviewStatus !== 'False Positive';

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

function slug(s: string): string {
  return s.toLowerCase().replace(/\s+/g, '-');
}
