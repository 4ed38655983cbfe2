import { type ColumnDef, createColumnHelper } from '@tanstack/react-table';
import { type ReactNode, useMemo, useRef } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime, formatValue } from '../../lib/format.ts';
import { DataTable } from './DataTable.tsx';

type Row = Record<string, unknown>;
const col = createColumnHelper<Row>();

/** For operator lists whose columns come from the server's rows (drifts, failed events). */
export function JsonTable({
  rows,
  caption,
  empty,
  testId,
  compact,
  headerLabel,
}: {
  rows: Row[];
  caption: string;
  empty: string;
  testId?: string;
  compact?: boolean;
  /** A column's heading from its key, in the person's language (the catalogs name the keys a caller shows). */
  headerLabel: (key: string) => ReactNode;
}) {
  // Read at render time, so a caller's inline function neither rebuilds the columns nor goes stale.
  const label = useRef(headerLabel);
  label.current = headerLabel;
  const columns = useMemo<ColumnDef<Row, any>[]>(() => {
    const keys: string[] = [];
    for (const r of rows.slice(0, 20)) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
    return keys.slice(0, 8).map((k) =>
      col.accessor((r) => r[k], {
        id: k,
        header: () => label.current(k),
        cell: (c) => {
          const v = c.getValue();
          if (k.endsWith('session_id') && typeof v === 'string' && v) {
            return (
              <Link className="mono small" to={`/sessions/${encodeURIComponent(v)}`}>
                {v.slice(0, 8)}
              </Link>
            );
          }
          const text = k.endsWith('_at') && typeof v === 'string' ? formatDateTime(v) : formatValue(v);
          return (
            // A value is the row's data, in whatever script it was written.
            <span className={k.endsWith('id') ? 'mono small clamp' : 'clamp'} title={text} dir="auto">
              {text}
            </span>
          );
        },
      }),
    );
  }, [rows]);
  return (
    <DataTable
      data={rows}
      columns={columns}
      getRowId={(r, i) => String(r.id ?? r.event_id ?? i)}
      compact={compact}
      caption={caption}
      empty={empty}
      testId={testId}
    />
  );
}
