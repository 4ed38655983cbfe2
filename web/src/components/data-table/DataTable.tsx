import {
  type ColumnDef,
  flexRender,
  getCoreRowModel,
  type Header,
  useReactTable,
  type VisibilityState,
} from '@tanstack/react-table';
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/I18nProvider.tsx';
import { Spinner } from '../ui.tsx';
import './DataTable.css';

interface DataTableProps<T> {
  data: T[];
  columns: ColumnDef<T, any>[];
  getRowId: (row: T, index: number) => string;
  compact?: boolean;
  caption: string;
  /** The keyboard cursor (j/k); highlighted and scrolled into view. */
  activeIndex?: number;
  onActiveIndexChange?: (index: number) => void;
  onOpen?: (row: T) => void;
  loading?: boolean;
  empty?: string;
  /** Row ids to flash as new (arrived by polling). */
  freshIds?: ReadonlySet<string>;
  testId?: string;
  /**
   * The server's sort, shown on the column it orders by. Only columns with `enableSorting: true` sort; their
   * header is a button that calls `onSort` (the page changes its URL and asks the server again).
   */
  sorting?: { id: string; desc: boolean } | null;
  onSort?: (columnId: string) => void;
  /** Hidden columns are `false` (TanStack's column visibility). */
  columnVisibility?: VisibilityState;
  /**
   * The columns' `cell`s are render functions that use no hooks: each is called, not mounted as a component
   * of its own (`flexRender`), which spares a component per cell (550 on the queue's 50 rows).
   */
  plainCells?: boolean;
}

/**
 * The console's one table: rendering only. The server filters, sorts and pages (keyset), so the table
 * runs in manual mode and never sees more than the page it shows.
 */
export function DataTable<T>({
  data,
  columns,
  getRowId,
  caption,
  activeIndex,
  onActiveIndexChange,
  onOpen,
  loading,
  empty,
  freshIds,
  testId,
  compact,
  sorting,
  onSort,
  columnVisibility,
  plainCells,
}: DataTableProps<T>) {
  const t = useT();
  const table = useReactTable({
    data,
    columns,
    getRowId: (row, index) => getRowId(row, index),
    getCoreRowModel: getCoreRowModel(),
    // A column sorts only when it says so (and the server has an index for it).
    defaultColumn: { enableSorting: false },
    state: { sorting: sorting ? [sorting] : [], columnVisibility: columnVisibility ?? {} },
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
  });
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  // Follows the active row as the keyboard moves it; not on mount, where the active row is the first: a page
  // that renders with its rows (a first load of the queue) would jump to a table starting below the fold,
  // and the scroll would force a layout before the rows are first painted.
  const scrolledTo = useRef(activeIndex);
  useEffect(() => {
    if (scrolledTo.current === activeIndex) return;
    scrolledTo.current = activeIndex;
    if (activeIndex === undefined || activeIndex < 0) return;
    const row = bodyRef.current?.children[activeIndex] as HTMLElement | undefined;
    row?.scrollIntoView({ block: 'nearest' });
  }, [activeIndex]);

  const rows = table.getRowModel().rows;
  return (
    // A wide table scrolls inside its wrapper; focusable and named so a keyboard user can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="table-wrap" tabIndex={0} aria-label={caption}>
      <table
        className={compact ? 'data-table compact' : 'data-table'}
        data-testid={testId}
        aria-busy={loading || undefined}
      >
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((hg) => (
            <tr key={hg.id}>
              {hg.headers.map((h) => (
                <th
                  key={h.id}
                  scope="col"
                  style={h.column.columnDef.size ? { width: h.getSize() } : undefined}
                  aria-sort={onSort && h.column.getCanSort() ? ariaSort(h) : undefined}
                >
                  {h.isPlaceholder ? null : onSort && h.column.getCanSort() ? (
                    <button
                      type="button"
                      className="th-sort"
                      data-sort={h.column.getIsSorted() || undefined}
                      onClick={() => onSort(h.column.id)}
                      // Enter and Space press this button, not the page's shortcuts (Enter opens a case).
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') e.stopPropagation();
                      }}
                    >
                      {flexRender(h.column.columnDef.header, h.getContext())}
                    </button>
                  ) : (
                    flexRender(h.column.columnDef.header, h.getContext())
                  )}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody ref={bodyRef}>
          {rows.map((row, i) => {
            const active = i === activeIndex;
            const classes = [
              onOpen ? 'clickable' : '',
              active ? 'active' : '',
              freshIds?.has(row.id) ? 'fresh' : '',
            ]
              .filter(Boolean)
              .join(' ');
            return (
              <tr
                key={row.id}
                data-row-id={row.id}
                className={classes || undefined}
                aria-selected={activeIndex === undefined ? undefined : active}
                onClick={(e) => {
                  if ((e.target as HTMLElement).closest('a,button,input,select,label')) return;
                  onActiveIndexChange?.(i);
                  onOpen?.(row.original);
                }}
              >
                {row.getVisibleCells().map((cell) => {
                  const render = cell.column.columnDef.cell;
                  return (
                    <td key={cell.id}>
                      {plainCells && typeof render === 'function'
                        ? render(cell.getContext())
                        : flexRender(render, cell.getContext())}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && (
        <div className="empty">{loading ? <Spinner /> : (empty ?? t('components.table.empty'))}</div>
      )}
    </section>
  );
}

function ariaSort<T>(h: Header<T, unknown>): 'ascending' | 'descending' | 'none' {
  const sorted = h.column.getIsSorted();
  return sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : 'none';
}

interface PagerProps {
  /** The current page is not the first one. */
  hasPrevious: boolean;
  nextCursor: string | null | undefined;
  onFirst: () => void;
  onNext: (cursor: string) => void;
  count: number;
}

/** Keyset paging: first page and next page, no total (a COUNT(*) per page is what we avoid). */
export function Pager({ hasPrevious, nextCursor, onFirst, onNext, count }: PagerProps) {
  const t = useT();
  return (
    <nav className="pager" aria-label={t('components.pager.label')}>
      <span className="muted">{t('components.pager.count', { count })}</span>
      <button type="button" className="button" disabled={!hasPrevious} onClick={onFirst}>
        {t('components.pager.first')}
      </button>
      <button
        type="button"
        className="button"
        disabled={!nextCursor}
        onClick={() => nextCursor && onNext(nextCursor)}
      >
        {t('components.pager.next')}
      </button>
    </nav>
  );
}

/** The column headers of a hand-built table (a short list that needs no sorting or paging). */
export function HeadCells({ labels }: { labels: readonly string[] }) {
  return (
    <>
      {labels.map((label) => (
        <th key={label} scope="col">
          {label}
        </th>
      ))}
    </>
  );
}
