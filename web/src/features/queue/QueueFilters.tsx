import { useEffect, useId, useState } from 'react';
import { SelectField, TextField } from '../../components/Field.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { diditLabel } from '../../i18n/didit.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { effectiveOrder, isTimeSort, KYC_STATUSES, type QueueSearch } from './queue.search.ts';
import { dateRangeError } from './queue.view.ts';

interface Props {
  search: QueueSearch;
  update: (patch: Partial<QueueSearch>) => void;
  searchRef: React.RefObject<HTMLInputElement | null>;
  workflows: { workflow_id: string; label?: string | undefined }[];
  /** Show the claim filter only when the server reports claims on list rows. */
  assigneeKnown: boolean;
}

/** How the order select names the two directions: by time (oldest/newest) or up and down a column. */
const ORDER_WORDS: Record<
  'time' | 'column',
  Record<'first_default' | 'last_default' | 'first' | 'last', MessageKey>
> = {
  time: {
    first_default: 'queue.filters.oldest_default',
    last_default: 'queue.filters.newest_default',
    first: 'queue.filters.oldest',
    last: 'queue.filters.newest',
  },
  column: {
    first_default: 'queue.filters.ascending_default',
    last_default: 'queue.filters.descending_default',
    first: 'queue.filters.ascending',
    last: 'queue.filters.descending',
  },
};

type Choice = 'status' | 'kind' | 'assigned' | 'entity_status' | 'sort' | 'order';
type Options<K extends Choice> = readonly (readonly [QueueSearch[K], MessageKey])[];

/** The fixed choices' values and their words ('' is the URL's default: any, or the default order). */
const CHOICES: { [K in 'kind' | 'assigned' | 'entity_status' | 'sort']: Options<K> } = {
  kind: [
    ['', 'queue.filters.kind.any'],
    ['user', 'queue.filters.kind.user'],
    ['business', 'queue.filters.kind.business'],
  ],
  assigned: [
    ['', 'queue.filters.anyone'],
    ['me', 'queue.filters.to_me'],
    ['none', 'queue.filters.unassigned'],
  ],
  entity_status: [
    ['', 'queue.filters.any'],
    ['ACTIVE', 'queue.filters.entity.active'],
    ['FLAGGED', 'queue.filters.entity.flagged'],
    ['BLOCKED', 'queue.filters.entity.blocked'],
  ],
  sort: [
    ['', 'queue.filters.sort.created'],
    ['last_event', 'queue.filters.sort.last_event'],
    ['number', 'queue.filters.sort.number'],
    ['subject', 'queue.filters.sort.subject'],
    ['status', 'queue.filters.sort.status'],
    ['findings', 'queue.filters.sort.findings'],
  ],
};

/** Filters write to the URL (and reset the cursor: a new filter starts at the first page). */
export function QueueFilters({ search, update, searchRef, workflows, assigneeKnown }: Props) {
  const t = useT();
  const id = useId();
  const [q, setQ] = useState(search.q);
  useEffect(() => setQ(search.q), [search.q]);
  const set = (patch: Partial<QueueSearch>) => update({ ...patch, cursor: '' });
  // The order select names the directions as the sort reads them: by time, or up and down its column.
  const orderWords = ORDER_WORDS[isTimeSort(search.sort || 'created') ? 'time' : 'column'];
  const firstOrder = effectiveOrder({ ...search, order: '' });
  // The dates are edited here and reach the URL only as a valid range.
  const [from, setFrom] = useState(search.from);
  const [to, setTo] = useState(search.to);
  useEffect(() => setFrom(search.from), [search.from]);
  useEffect(() => setTo(search.to), [search.to]);
  const rangeError = dateRangeError(from, to);
  const setDates = (nextFrom: string, nextTo: string) => {
    setFrom(nextFrom);
    setTo(nextTo);
    if (!dateRangeError(nextFrom, nextTo)) set({ from: nextFrom, to: nextTo });
  };
  const flag = (key: 'has_aml_hits' | 'has_unreviewed_hits' | 'has_issues', label: string) => (
    <label className="check">
      <input
        type="checkbox"
        checked={search[key] === 'true'}
        onChange={(e) => set({ [key]: e.target.checked ? 'true' : '' })}
      />
      {label}
    </label>
  );
  const choice = <K extends Choice>(
    key: K,
    label: MessageKey,
    options: readonly (readonly [QueueSearch[K], string])[],
    testId?: string,
  ) => (
    <SelectField
      inline
      label={t(label)}
      data-testid={testId}
      value={search[key]}
      onValue={(value) => set({ [key]: value })}
      options={options}
    />
  );
  const worded = <K extends Choice>(options: Options<K>) =>
    options.map(([value, key]) => [value, t(key)] as const);
  const dateField = (
    label: string,
    value: string,
    bound: { min?: string; max?: string },
    onValue: (v: string) => void,
  ) => (
    <TextField
      inline
      label={label}
      type="date"
      value={value}
      min={bound.min || undefined}
      max={bound.max || undefined}
      aria-invalid={rangeError ? true : undefined}
      aria-describedby={rangeError ? `${id}-range` : undefined}
      onValue={onValue}
    />
  );
  const activeFilters =
    search.status ||
    search.kind ||
    search.workflow_id ||
    search.from ||
    search.to ||
    search.has_aml_hits ||
    search.has_unreviewed_hits ||
    search.has_issues ||
    search.assigned ||
    search.order ||
    search.sort ||
    search.entity_status ||
    search.q;

  return (
    <div className="filters">
      <search>
        <form
          className="search-form"
          onSubmit={(e) => {
            e.preventDefault();
            set({ q });
            searchRef.current?.blur();
          }}
        >
          <label htmlFor={`${id}-q`} className="visually-hidden">
            {t('queue.filters.search_label')}
          </label>
          <input
            id={`${id}-q`}
            ref={searchRef}
            type="search"
            className="input search-input"
            placeholder={t('queue.filters.search_placeholder')}
            value={q}
            onChange={(e) => setQ(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') {
                setQ(search.q);
                e.currentTarget.blur();
              }
            }}
          />
          <button type="submit" className="button">
            {t('queue.filters.search_submit')}
          </button>
        </form>
      </search>
      <div className="filter-row">
        {search.tab !== 'review' &&
          choice('status', 'queue.filters.status', [
            ['', t('queue.filters.any')],
            ...KYC_STATUSES.map((s) => [s, diditLabel('status', s)] as const),
          ])}
        {choice('kind', 'queue.filters.kind', worded(CHOICES.kind))}
        <div className="field-inline">
          <label htmlFor={`${id}-wf`}>{t('queue.filters.workflow')}</label>
          <input
            id={`${id}-wf`}
            key={search.workflow_id}
            className="input mono"
            placeholder={t('queue.filters.any_workflow')}
            list={`${id}-wf-list`}
            defaultValue={search.workflow_id}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                set({ workflow_id: e.currentTarget.value.trim() });
              }
            }}
            onBlur={(e) =>
              e.target.value.trim() !== search.workflow_id && set({ workflow_id: e.target.value.trim() })
            }
          />
          <datalist id={`${id}-wf-list`}>
            {workflows.map((w) => (
              <option key={w.workflow_id} value={w.workflow_id}>
                {w.label}
              </option>
            ))}
          </datalist>
        </div>
        {dateField(t('queue.filters.from'), from, { max: to }, (value) => setDates(value, to))}
        {dateField(t('queue.filters.to'), to, { min: from }, (value) => setDates(from, value))}
        {rangeError && (
          <p id={`${id}-range`} className="field-error" role="alert" data-testid="date-range-error">
            {rangeError} {t('queue.filters.range_kept')}
          </p>
        )}
        {(assigneeKnown || search.assigned) &&
          choice('assigned', 'queue.filters.assigned', worded(CHOICES.assigned))}
        {choice(
          'entity_status',
          'queue.filters.entity_status',
          worded(CHOICES.entity_status),
          'entity-status-filter',
        )}
        {choice('sort', 'queue.filters.sort_by', worded(CHOICES.sort), 'sort-by')}
        {choice(
          'order',
          'queue.filters.order',
          [
            ['', t(firstOrder === 'oldest' ? orderWords.first_default : orderWords.last_default)],
            ['oldest', t(orderWords.first)],
            ['newest', t(orderWords.last)],
          ],
          'sort-order',
        )}
      </div>
      <div className="filter-row">
        {flag('has_aml_hits', t('queue.filters.has_aml_hits'))}
        {flag('has_unreviewed_hits', t('queue.filters.has_unreviewed_hits'))}
        {flag('has_issues', t('queue.filters.has_issues'))}
        {activeFilters && (
          <button
            type="button"
            className="button button-ghost"
            onClick={() =>
              set({
                q: '',
                status: '',
                kind: '',
                workflow_id: '',
                from: '',
                to: '',
                has_aml_hits: '',
                has_unreviewed_hits: '',
                has_issues: '',
                assigned: '',
                order: '',
                sort: '',
                entity_status: '',
              })
            }
          >
            {t('queue.filters.clear')}
          </button>
        )}
      </div>
    </div>
  );
}
