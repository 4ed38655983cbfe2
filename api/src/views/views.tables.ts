import type { Generated } from 'kysely';

/** A named queue view: the queue's URL state (filters, sort, hidden columns), optionally shared with the team. */
export interface SavedViewsTable {
  id: Generated<string>;
  owner_id: string;
  name: string;
  query: string;
  shared: Generated<boolean>;
  /** The visible column ids (views.columns.ts); null: the queue's default columns. */
  columns: string[] | null;
  created_at: Date;
}

export interface ViewsTables {
  saved_views: SavedViewsTable;
}
