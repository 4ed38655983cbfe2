import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import type { Resource } from '../lib/use-resource.ts';
import { DataTable, Pager } from './data-table/DataTable.tsx';
import { Form } from './Field.tsx';
import { ErrorNotice, PageHeader } from './ui.tsx';

/** What the table of a list page shows: the DataTable's own props, less its rows and the queue's keyboard cursor. */
interface ListTable<T> {
  columns: ColumnDef<T, any>[];
  getRowId: (row: T, index: number) => string;
  caption: string;
  empty?: string;
  testId: string;
}

/** Keyset paging kept in the URL: `cursor` is the page shown ('' for the first), `next` the server's cursor. */
interface ListPaging<D> {
  cursor: string;
  next: (data: D) => string | null | undefined;
  onCursor: (cursor: string) => void;
}

interface ListPageProps<T, D> {
  /** The page's h1, and the id the section is labelled by. */
  title: string;
  titleId: string;
  /** Buttons or links beside the title (exports, "New …"). */
  actions?: ReactNode;
  /** One muted paragraph under the title. */
  intro?: ReactNode;
  /** Anything between the title and the filters (the audit log's chain status). */
  lead?: ReactNode;
  /** The filter form (`FilterForm`), when the list has filters. */
  filters?: ReactNode;
  /** The page of the list as loaded, and its rows. */
  list: Resource<D>;
  rows: (data: D) => T[];
  errorTitle: string;
  table: ListTable<T>;
  /** Absent for a list the server returns whole (users). */
  paging?: ListPaging<D>;
  /** After the list: the page's dialogs. */
  children?: ReactNode;
}

/**
 * The console's list pages (audit log, users, partners, shares and reliance ledgers) are one composition: a titled
 * section, its filters, the load error, the table (with its empty state) and the keyset pager. The server
 * filters, sorts and pages; the page only says what to show.
 */
export function ListPage<T, D>({
  title,
  titleId,
  actions,
  intro,
  lead,
  filters,
  list,
  rows,
  errorTitle,
  table,
  paging,
  children,
}: ListPageProps<T, D>) {
  const data = list.data === undefined ? [] : rows(list.data);
  return (
    <section aria-labelledby={titleId}>
      <PageHeader title={title} id={titleId}>
        {actions}
      </PageHeader>
      {intro && <p className="muted">{intro}</p>}
      {lead}
      {filters}
      <ErrorNotice error={list.error} title={errorTitle} />
      <DataTable {...table} data={data} loading={list.loading} />
      {paging && (
        <Pager
          hasPrevious={Boolean(paging.cursor)}
          nextCursor={list.data === undefined ? undefined : paging.next(list.data)}
          count={data.length}
          onFirst={() => paging.onCursor('')}
          onNext={paging.onCursor}
        />
      )}
      {children}
    </section>
  );
}

/** A list's filters: one row of inline fields and a submit button; Enter in a field submits. */
export function FilterForm({
  className,
  submitLabel,
  onSubmit,
  children,
}: {
  className: string;
  submitLabel: string;
  onSubmit: () => void;
  children: ReactNode;
}) {
  return (
    <Form className={`filter-row ${className}`} onSubmit={onSubmit}>
      {children}
      <button type="submit" className="button">
        {submitLabel}
      </button>
    </Form>
  );
}
