import type { ColumnDef } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { FilterForm, ListPage } from '../../components/ListPage.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { type Resource, useResource } from '../../lib/use-resource.ts';
import { fetchPartners } from './sharing.api.ts';
import { PartnerFilter } from './sharing.components.tsx';
import './sharing.css';

/** The words of each ledger (the `sharing.shares.*` and `sharing.reliance.*` messages). */
const LEDGERS = {
  shares: {
    title: 'sharing.shares.title',
    intro: 'sharing.shares.intro',
    caption: 'sharing.shares.caption',
    empty: 'sharing.shares.empty',
  },
  reliance: {
    title: 'sharing.reliance.title',
    intro: 'sharing.reliance.intro',
    caption: 'sharing.reliance.caption',
    empty: 'sharing.reliance.empty',
  },
} as const;

/**
 * The shares and reliance ledgers: a list page filtered by partner (and the ledger's own fields, `before`
 * and `after` the partner), one page of the server's keyset at a time.
 */
export function LedgerPage<T extends { id: string }>({
  ledger,
  columns,
  list,
  search,
  update,
  onSubmit,
  actions,
  before,
  after,
}: {
  ledger: keyof typeof LEDGERS;
  columns: ColumnDef<T, any>[];
  list: Resource<{ items: T[]; next_cursor: string | null }>;
  search: { partner: string; cursor: string };
  update: (patch: { partner?: string; cursor: string }) => void;
  /** Applies the fields' drafts (the partner applies at once). */
  onSubmit: () => void;
  actions?: ReactNode;
  before?: ReactNode;
  after?: ReactNode;
}) {
  const t = useT();
  const words = LEDGERS[ledger];
  const partners = useResource('partners', (s) => fetchPartners(s).catch(() => []));
  return (
    <ListPage
      title={t(words.title)}
      titleId={`${ledger}-title`}
      actions={actions}
      intro={t(words.intro)}
      filters={
        <FilterForm className="sharing-filters" submitLabel={t('sharing.filter.submit')} onSubmit={onSubmit}>
          {before}
          <PartnerFilter
            partners={partners.data ?? []}
            value={search.partner}
            onChange={(partner) => update({ partner, cursor: '' })}
          />
          {after}
        </FilterForm>
      }
      errorTitle={t('sharing.ledger.load_failed')}
      list={list}
      rows={(d) => d.items}
      table={{
        columns,
        getRowId: (r) => r.id,
        caption: t(words.caption),
        empty: t(words.empty),
        testId: `${ledger}-table`,
      }}
      paging={{ cursor: search.cursor, next: (d) => d.next_cursor, onCursor: (cursor) => update({ cursor }) }}
    />
  );
}
