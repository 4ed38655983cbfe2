import type { ReactNode } from 'react';
import { formatNumber } from '../../lib/format.ts';

export interface FigureRow {
  key: string;
  /** `data-*` attributes naming the row (tests and styles find rows by them). */
  data: Record<`data-${string}`, string>;
  label: ReactNode;
  values: number[];
  className?: string | undefined;
}

/** The figures of a chart as a table: its accessible alternative, and the numbers to read exactly. */
export function FigureTable({
  testId,
  caption,
  head,
  rows,
  scrollLabelledBy,
}: {
  testId: string;
  caption: string;
  head: string[];
  rows: FigureRow[];
  /** A wide table scrolls in a region named by this heading id. */
  scrollLabelledBy?: string;
}) {
  const table = (
    <table className="data-table compact" data-testid={testId}>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={i > 0 ? 'num' : undefined}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} {...r.data} className={r.className}>
            <th scope="row" dir="auto">
              {r.label}
            </th>
            {r.values.map((v, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row's cells are fixed columns
              <td key={i} className="num">
                {formatNumber(v)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
  if (!scrollLabelledBy) return table;
  return (
    // A wide table scrolls inside its wrapper; focusable and named so a keyboard user can scroll it too.
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
    <section className="table-scroll" aria-labelledby={scrollLabelledBy} tabIndex={0}>
      {table}
    </section>
  );
}
