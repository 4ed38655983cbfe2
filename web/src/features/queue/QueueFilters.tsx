import { useEffect, useId, useState } from 'react';
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

/** Filters write to the URL (and reset the cursor: a new filter starts at the first page). */
export function QueueFilters({ search, update, searchRef, workflows, assigneeKnown }: Props) {
  const t = useT();
  const id = useId();
  const [q, setQ] = useState(search.q);
  useEffect(() => setQ(search.q), [search.q]);
  const set = (patch: Partial<QueueSearch>) => update({ ...patch, cursor: '' });
  // The order select names the directions as the sort reads them: by time, or up and down its column.
  const byTime = isTimeSort(search.sort || 'created');
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
        {search.tab !== 'review' && (
          <label className="field-inline">
            <span>{t('queue.filters.status')}</span>
            <select className="input" value={search.status} onChange={(e) => set({ status: e.target.value })}>
              <option value="">{t('queue.filters.any')}</option>
              {KYC_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {diditLabel('status', s)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field-inline">
          <span>{t('queue.filters.kind')}</span>
          <select
            className="input"
            value={search.kind}
            onChange={(e) => set({ kind: e.target.value as QueueSearch['kind'] })}
          >
            <option value="">{t('queue.filters.kind.any')}</option>
            <option value="user">{t('queue.filters.kind.user')}</option>
            <option value="business">{t('queue.filters.kind.business')}</option>
          </select>
        </label>
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
        <label className="field-inline">
          <span>{t('queue.filters.from')}</span>
          <input
            type="date"
            className="input"
            value={from}
            max={to || undefined}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-range` : undefined}
            onChange={(e) => setDates(e.target.value, to)}
          />
        </label>
        <label className="field-inline">
          <span>{t('queue.filters.to')}</span>
          <input
            type="date"
            className="input"
            value={to}
            min={from || undefined}
            aria-invalid={rangeError ? true : undefined}
            aria-describedby={rangeError ? `${id}-range` : undefined}
            onChange={(e) => setDates(from, e.target.value)}
          />
        </label>
        {rangeError && (
          <p id={`${id}-range`} className="field-error" role="alert" data-testid="date-range-error">
            {rangeError} {t('queue.filters.range_kept')}
          </p>
        )}
        {(assigneeKnown || search.assigned) && (
          <label className="field-inline">
            <span>{t('queue.filters.assigned')}</span>
            <select
              className="input"
              value={search.assigned}
              onChange={(e) => set({ assigned: e.target.value as QueueSearch['assigned'] })}
            >
              <option value="">{t('queue.filters.anyone')}</option>
              <option value="me">{t('queue.filters.to_me')}</option>
              <option value="none">{t('queue.filters.unassigned')}</option>
            </select>
          </label>
        )}
        <label className="field-inline">
          <span>{t('queue.filters.entity_status')}</span>
          <select
            className="input"
            data-testid="entity-status-filter"
            value={search.entity_status}
            onChange={(e) => set({ entity_status: e.target.value as QueueSearch['entity_status'] })}
          >
            <option value="">{t('queue.filters.any')}</option>
            <option value="ACTIVE">{t('queue.filters.entity.active')}</option>
            <option value="FLAGGED">{t('queue.filters.entity.flagged')}</option>
            <option value="BLOCKED">{t('queue.filters.entity.blocked')}</option>
          </select>
        </label>
        <label className="field-inline">
          <span>{t('queue.filters.sort_by')}</span>
          <select
            className="input"
            data-testid="sort-by"
            value={search.sort}
            onChange={(e) => set({ sort: e.target.value as QueueSearch['sort'] })}
          >
            <option value="">{t('queue.filters.sort.created')}</option>
            <option value="last_event">{t('queue.filters.sort.last_event')}</option>
            <option value="number">{t('queue.filters.sort.number')}</option>
            <option value="subject">{t('queue.filters.sort.subject')}</option>
            <option value="status">{t('queue.filters.sort.status')}</option>
            <option value="findings">{t('queue.filters.sort.findings')}</option>
          </select>
        </label>
        <label className="field-inline">
          <span>{t('queue.filters.order')}</span>
          <select
            className="input"
            data-testid="sort-order"
            value={search.order}
            onChange={(e) => set({ order: e.target.value as QueueSearch['order'] })}
          >
            {byTime ? (
              <>
                <option value="">
                  {t(
                    firstOrder === 'oldest' ? 'queue.filters.oldest_default' : 'queue.filters.newest_default',
                  )}
                </option>
                <option value="oldest">{t('queue.filters.oldest')}</option>
                <option value="newest">{t('queue.filters.newest')}</option>
              </>
            ) : (
              <>
                <option value="">
                  {t(
                    firstOrder === 'oldest'
                      ? 'queue.filters.ascending_default'
                      : 'queue.filters.descending_default',
                  )}
                </option>
                <option value="oldest">{t('queue.filters.ascending')}</option>
                <option value="newest">{t('queue.filters.descending')}</option>
              </>
            )}
          </select>
        </label>
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
