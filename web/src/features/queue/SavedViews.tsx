import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { type ApiResponse, client } from '../../api/contract.ts';
import { Modal } from '../../components/Modal.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useResource } from '../../lib/use-resource.ts';
import { hideParam, visibleColumns } from './queue.search.ts';

type SavedView = ApiResponse<'/api/views', 'get'>['items'][number];

const fetchViews = async (signal: AbortSignal) => (await client.get('/api/views', { signal })).items;

/** The queue's URL state without its page position and columns: the filters and sort a view keeps. */
const currentQuery = () => {
  const params = new URLSearchParams(window.location.search);
  params.delete('cursor');
  params.delete('hide');
  return params.toString();
};
/** The hidden columns in the URL (the view keeps the visible ones, checked by the server). */
const currentHide = () =>
  hideParam(visibleColumns({ hide: new URLSearchParams(window.location.search).get('hide') ?? '' }));

/** The queue URL that applies a view: its filters and sort, and its columns (all when it kept none). */
function viewUrl(v: { query: string; columns?: string[] | null | undefined }): string {
  const params = new URLSearchParams(v.query);
  const hide = v.columns ? hideParam(v.columns) : '';
  if (hide) params.set('hide', hide);
  const query = params.toString();
  return query ? `/queue?${query}` : '/queue';
}
const isActive = (v: SavedView) =>
  v.query === currentQuery() && (v.columns ? hideParam(v.columns) : '') === currentHide();

/** Pick, save (the current filters, sort and columns) or delete a named queue view; shared ones are the team's. */
export function SavedViews() {
  const t = useT();
  const navigate = useNavigate();
  const views = useResource('views', fetchViews);
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = views.data ?? [];
  const active = list.find(isActive);

  const save = async () => {
    setError(null);
    try {
      const hidden = currentHide();
      await client.post('/api/views', {
        body: {
          name: name.trim(),
          query: currentQuery(),
          shared,
          ...(hidden ? { columns: visibleColumns({ hide: hidden }) } : {}),
        },
      });
      setOpen(false);
      setName('');
      await views.reload();
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const remove = async (v: SavedView) => {
    await client.delete('/api/views/{id}', { path: { id: v.id } });
    await views.reload();
  };

  return (
    <div className="cell-row saved-views">
      <label className="field-inline">
        <span>{t('queue.views.label')}</span>
        <select
          className="input"
          data-testid="saved-view"
          value={active?.id ?? ''}
          onChange={(e) => {
            const v = list.find((x) => x.id === e.target.value);
            if (v) navigate(viewUrl(v));
          }}
        >
          <option value="">—</option>
          {list.map((v) => (
            <option key={v.id} value={v.id}>
              {v.mine ? v.name : t('queue.views.of_owner', { name: v.name, owner: v.owner.name })}
            </option>
          ))}
        </select>
      </label>
      {active?.mine && (
        <button type="button" className="button button-ghost" onClick={() => void remove(active)}>
          {t('queue.views.delete')}
        </button>
      )}
      <button
        type="button"
        className="button button-ghost"
        data-testid="save-view"
        onClick={() => setOpen(true)}
      >
        {t('queue.views.save')}
      </button>
      <Modal
        open={open}
        onOpenChange={setOpen}
        title={t('queue.views.save_title')}
        description={t('queue.views.save_desc')}
      >
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <label>
            {t('queue.views.name')}
            <input
              data-autofocus
              className="input"
              data-testid="view-name"
              value={name}
              maxLength={80}
              required
              onChange={(e) => setName(e.target.value)}
            />
          </label>
          <label className="check">
            <input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />
            {t('queue.views.share')}
          </label>
          {error && (
            <p role="alert" className="error-text">
              {error}
            </p>
          )}
          <button type="submit" className="button" data-testid="view-save-submit" disabled={!name.trim()}>
            {t('queue.views.save_submit')}
          </button>
        </form>
      </Modal>
    </div>
  );
}
