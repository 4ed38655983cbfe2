import type { ReactNode } from 'react';

/**
 * A read-only table of the case page that may be wider than its card: it scrolls sideways inside a frame the
 * keyboard can reach, instead of being cut off. `label` names the frame and captions the table; `columns` are
 * the header cells (translated); `children` are the body's rows.
 */
export function ScrollingTable({
  label,
  columns,
  testId,
  tableClassName,
  tableTestId,
  children,
}: {
  label: string;
  columns: readonly string[];
  testId?: string;
  tableClassName?: string;
  tableTestId?: string;
  children: ReactNode;
}) {
  return (
    <section
      className="table-wrap unclipped"
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (axe scrollable-region-focusable)
      tabIndex={0}
      aria-label={label}
      data-testid={testId}
    >
      <table
        className={tableClassName ? `data-table compact ${tableClassName}` : 'data-table compact'}
        data-testid={tableTestId}
      >
        <caption className="visually-hidden">{label}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </section>
  );
}
