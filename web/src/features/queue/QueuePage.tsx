import { SHAREABLE_STATUS_KEYS, statusKey } from '@console/didit/statuses';
import * as Tabs from '@radix-ui/react-tabs';
import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { takeParsed } from '../../api/prefetch.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { markFirstContentShown } from '../../app/first-content.ts';
import { DataTable, Pager } from '../../components/data-table/DataTable.tsx';
import { type Shortcut, ShortcutsDialog } from '../../components/ShortcutsDialog.tsx';
import { ErrorNotice, Kbd, PageHeader } from '../../components/ui.tsx';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useHotkeys } from '../../lib/hotkeys.ts';
import { useUrlState } from '../../lib/url-state.ts';
import { useResource } from '../../lib/use-resource.ts';
import { fetchAwaitingMe } from '../case/case.api.ts';
import { AwaitingConfirmation } from './AwaitingConfirmation.tsx';
import { BulkActions } from './BulkActions.tsx';
import { ColumnsMenu } from './ColumnsMenu.tsx';
import { NextCaseButton } from './NextCaseButton.tsx';
import { QueueFilters } from './QueueFilters.tsx';
import { fetchQueue, type QueuePage as QueuePageData, type QueueRow, queueRequestPath } from './queue.api.ts';
import { queueColumns, queueColumnsWithoutAssignee, sortOfColumn } from './queue.columns.tsx';
import {
  hiddenColumns,
  type QueueColumnId,
  queueSearchSchema,
  sortDescending,
  TABS,
  toggleSort,
} from './queue.search.ts';
import { emptyMessage, formatTotal, type QueueTotal } from './queue.view.ts';
import { SavedViews } from './SavedViews.tsx';
import './queue.css';

const POLL_MS = 5000;
/** Didit shares only finished sessions, and a batch holds at most 500 (the batch share route's limit). */
const SHAREABLE = new Set(SHAREABLE_STATUS_KEYS);
const BATCH_MAX = 500;

const selectCol = createColumnHelper<QueueRow>();
const isShareable = (row: QueueRow) => SHAREABLE.has(statusKey(row.status));

/**
 * A leading checkbox column: partner managers pick finished sessions for a batch share, reviewers and
 * admins pick In Review cases for a bulk action. `selectable` says which rows this person may pick.
 */
function selectionColumn(
  selected: Set<string>,
  toggle: (ids: string[], on: boolean) => void,
  rows: QueueRow[],
  selectable: (row: QueueRow) => boolean,
) {
  const pickable = rows.filter(selectable);
  const allOn = pickable.length > 0 && pickable.every((r) => selected.has(r.id));
  return selectCol.display({
    id: 'select',
    size: 36,
    header: () => (
      <input
        type="checkbox"
        aria-label={translate('queue.page.select_all')}
        checked={allOn}
        disabled={pickable.length === 0}
        onChange={(e) =>
          toggle(
            pickable.map((r) => r.id),
            e.target.checked,
          )
        }
      />
    ),
    cell: (c) => {
      const row = c.row.original;
      const ok = selectable(row);
      return (
        <input
          type="checkbox"
          aria-label={translate('queue.page.select_row', { label: String(row.number ?? row.id) })}
          title={ok ? undefined : translate('queue.page.cannot_select')}
          checked={selected.has(row.id)}
          disabled={!ok}
          onChange={(e) => toggle([row.id], e.target.checked)}
        />
      );
    },
  });
}

/** The queue's keyboard shortcuts, described in the chosen language. */
const queueShortcuts = (): Shortcut[] => [
  { keys: ['j', '↓'], does: translate('queue.shortcuts.next') },
  { keys: ['k', '↑'], does: translate('queue.shortcuts.previous') },
  { keys: ['Enter', 'o'], does: translate('queue.shortcuts.open') },
  { keys: ['/'], does: translate('queue.shortcuts.search') },
  { keys: ['?'], does: translate('queue.shortcuts.help') },
  { keys: ['x'], does: translate('queue.shortcuts.select') },
];

export default function QueuePage() {
  const t = useT();
  const [search, update] = useUrlState(queueSearchSchema);
  const navigate = useNavigate();
  const { meta, can } = useAuth();
  const canBatchShare = can('POST', '/api/shares/batch');
  const canBulk = can('POST', '/api/review/bulk/assign') || can('POST', '/api/review/bulk/dismiss-aml-hits');
  const selectable = useCallback(
    (row: QueueRow) =>
      (canBulk && statusKey(row.status) === 'IN_REVIEW') || (canBatchShare && isShareable(row)),
    [canBulk, canBatchShare],
  );
  // Labels of the picked rows, kept across pages so bulk results can name each case.
  const pickedLabels = useRef(new Map<string, string>());
  // Kept across pages and filters, so a batch can be gathered from several searches.
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const toggleSelected = useCallback((ids: string[], on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      for (const id of ids) {
        if (on && next.size < BATCH_MAX) next.add(id);
        else if (!on) next.delete(id);
      }
      return next;
    });
  }, []);
  const searchRef = useRef<HTMLInputElement>(null);
  const [active, setActive] = useState(0);
  const [helpOpen, setHelpOpen] = useState(false);
  const confirming = search.tab === 'confirm';
  const key = confirming ? null : JSON.stringify(search);
  const page = useResource(key, (signal) => fetchQueue(search, signal), {
    pollMs: POLL_MS,
    // A first load's rows, fetched and parsed before this page rendered (routes.ts): shown in its first render.
    initial: () => takeParsed<QueuePageData>(queueRequestPath(search)),
  });
  const canConfirm = can('GET', '/api/review/awaiting-me');
  const pending = useResource(canConfirm ? 'awaiting-me' : null, (signal) => fetchAwaitingMe(signal), {
    pollMs: 15_000,
  });
  const tabs = canConfirm
    ? [
        ...TABS.map((tab) => ({ value: tab.value, label: t(tab.label) })),
        {
          value: 'confirm' as const,
          label: t('queue.tabs.confirm', { count: pending.data ? String(pending.data.length) : 'none' }),
        },
      ]
    : TABS.map((tab) => ({ value: tab.value, label: t(tab.label) }));
  // The first load's other requests wait for the first rows (app/preload.ts): shown, failed, or not coming.
  const settled = confirming || page.data !== undefined || page.error !== undefined;
  useEffect(() => {
    if (settled) markFirstContentShown();
  }, [settled]);
  useEffect(() => markFirstContentShown, []);
  const rows = page.data?.rows ?? [];
  for (const r of rows) pickedLabels.current.set(r.id, r.number ? `#${r.number}` : r.id.slice(0, 8));
  // The server counts on the first page of a search; later pages keep that figure.
  const totalKey = JSON.stringify({ ...search, cursor: '' });
  // Kept while rendering, not in an effect's state: the figure shows with the rows it came with, and the
  // first rows are not rendered twice before the browser can paint them (test/browser/first-load.test.ts).
  const total = useRef<{ key: string; total: QueueTotal } | null>(null);
  if (page.data?.total) total.current = { key: totalKey, total: page.data.total };
  const shownTotal = total.current && total.current.key === totalKey ? total.current.total : null;

  // Rows that appear between polls are flagged so a reviewer notices new webhooks without a reload.
  const seen = useRef<{ key: string | null; ids: Set<string> } | null>(null);
  const [fresh, setFresh] = useState<Set<string>>(new Set());
  useEffect(() => {
    if (!page.data) return;
    const ids = new Set(page.data.rows.map((r) => r.id));
    const prev = seen.current;
    if (prev && prev.key === key) {
      const added = [...ids].filter((id) => !prev.ids.has(id));
      if (added.length) setFresh(new Set(added));
    } else {
      // Unchanged state re-renders nothing (the first page: no fresh rows, the first row active).
      setFresh((f) => (f.size === 0 ? f : new Set()));
      setActive(0);
    }
    seen.current = { key, ids };
  }, [page.data, key]);

  useEffect(() => {
    if (active >= rows.length && rows.length > 0) setActive(rows.length - 1);
  }, [rows.length, active]);

  const open = useCallback(
    (id: string | undefined) => {
      if (id)
        navigate(`/sessions/${encodeURIComponent(id)}`, {
          state: { from: `/queue${window.location.search}` },
        });
    },
    [navigate],
  );

  const move = (delta: number) => setActive((i) => Math.max(0, Math.min(rows.length - 1, i + delta)));
  useHotkeys({
    j: () => move(1),
    arrowdown: () => move(1),
    k: () => move(-1),
    arrowup: () => move(-1),
    enter: () => open(rows[active]?.id),
    o: () => open(rows[active]?.id),
    '/': () => searchRef.current?.focus(),
    '?': () => setHelpOpen(true),
    x: () => {
      const row = rows[active];
      if (row && selectable(row)) toggleSelected([row.id], !selected.has(row.id));
    },
  });

  const baseColumns = page.data?.assigneeKnown ? queueColumns : queueColumnsWithoutAssignee;
  const columns = useMemo(
    () =>
      canBatchShare || canBulk
        ? [
            selectionColumn(selected, toggleSelected, rows, selectable),
            ...(baseColumns as typeof queueColumnsWithoutAssignee),
          ]
        : baseColumns,
    [canBatchShare, canBulk, selectable, selected, toggleSelected, rows, baseColumns],
  );

  // The server's sort, shown on its column (an age column descends when the oldest come first).
  const sorting = { id: search.sort || 'created', desc: sortDescending(search) };
  const onSort = (columnId: string) => {
    const sort = sortOfColumn(columnId);
    if (sort) update(toggleSort(search, sort));
  };
  const hidden = hiddenColumns(search);
  const columnVisibility = Object.fromEntries(hidden.map((id) => [id, false]));
  const available = baseColumns.map((c) => c.id as QueueColumnId);

  // Workflow suggestions: the configured import workflows plus every workflow seen in the queue so far.
  const seenWorkflows = useRef(new Map<string, string>());
  for (const r of rows) {
    if (r.workflowId && !seenWorkflows.current.has(r.workflowId))
      seenWorkflows.current.set(
        r.workflowId,
        t(r.kind === 'business' ? 'queue.page.workflow_kyb' : 'queue.page.workflow_kyc'),
      );
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: rows are when the ref'd map grows
  const workflows = useMemo(() => {
    const out = new Map(seenWorkflows.current);
    for (const w of meta?.import_workflows ?? []) out.set(w.workflow_id, w.label ?? w.workflow_id);
    return [...out].map(([workflow_id, label]) => ({ workflow_id, label }));
  }, [meta, rows]);

  return (
    <section aria-labelledby="queue-title">
      <PageHeader title={t('queue.page.title')} id="queue-title">
        {can('GET', '/api/views') ? <SavedViews /> : null}
        {can('POST', '/api/review/next') ? <NextCaseButton /> : null}
        {(canBatchShare || canBulk) && selected.size > 0 && (
          <button type="button" className="button button-ghost" onClick={() => setSelected(new Set())}>
            {t('queue.page.clear_selection')}
          </button>
        )}
        {canBatchShare && selected.size > 0 ? (
          <Link
            className="button"
            data-testid="queue-share-selected"
            to={`/sharing/batch?sessions=${[...selected].map(encodeURIComponent).join(',')}`}
          >
            {t('queue.page.share_selected', { count: selected.size })}
          </Link>
        ) : null}
        <button type="button" className="button button-ghost" onClick={() => setHelpOpen(true)}>
          {t('queue.page.shortcuts')} <Kbd>?</Kbd>
        </button>
      </PageHeader>
      <Tabs.Root
        value={search.tab}
        onValueChange={(v) => update({ tab: v as typeof search.tab, cursor: '', status: '' })}
        activationMode="manual"
      >
        <Tabs.List className="tabs" aria-label={t('queue.page.views')}>
          {tabs.map((tab) => (
            <Tabs.Trigger key={tab.value} value={tab.value} className="tab">
              {tab.label}
            </Tabs.Trigger>
          ))}
        </Tabs.List>
        <Tabs.Content value={search.tab} className="tab-panel">
          {confirming ? (
            <AwaitingConfirmation pending={pending} />
          ) : (
            <>
              <QueueFilters
                search={search}
                update={update}
                searchRef={searchRef}
                workflows={workflows}
                assigneeKnown={page.data?.assigneeKnown ?? false}
              />
              {canBulk && (
                <BulkActions
                  selected={[...selected].map((id) => ({
                    id,
                    label: pickedLabels.current.get(id) ?? id.slice(0, 8),
                  }))}
                  onDone={() => {
                    setSelected(new Set());
                    void page.reload();
                  }}
                />
              )}
              <ErrorNotice error={page.error} title={t('queue.page.load_error')} />
              <div className="queue-table-bar">
                <p className="muted small queue-total" data-testid="queue-total" aria-live="polite">
                  {shownTotal ? formatTotal(shownTotal) : ' '}
                </p>
                <ColumnsMenu
                  hidden={hidden}
                  available={available}
                  onChange={(next) => update({ hide: next.join(',') })}
                />
              </div>
              <div aria-live="polite" className="visually-hidden">
                {fresh.size > 0 ? t('queue.page.arrived', { count: fresh.size }) : ''}
              </div>
              <DataTable
                data={rows}
                columns={columns}
                getRowId={(r) => r.id}
                caption={t('queue.page.caption')}
                activeIndex={active}
                onActiveIndexChange={setActive}
                onOpen={(r) => open(r.id)}
                loading={page.loading}
                freshIds={fresh}
                empty={emptyMessage(search)}
                sorting={sorting}
                onSort={onSort}
                columnVisibility={columnVisibility}
                plainCells
                testId="queue-table"
              />
              <Pager
                hasPrevious={Boolean(search.cursor)}
                nextCursor={page.data?.nextCursor}
                count={rows.length}
                onFirst={() => update({ cursor: '' })}
                onNext={(cursor) => update({ cursor })}
              />
            </>
          )}
        </Tabs.Content>
      </Tabs.Root>
      <ShortcutsDialog open={helpOpen} onOpenChange={setHelpOpen} shortcuts={queueShortcuts()} />
    </section>
  );
}
