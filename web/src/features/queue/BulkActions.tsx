import { useState } from 'react';
import { errorMessage } from '../../api/client.ts';
import { useAuth } from '../../app/auth-context.tsx';
import { Modal } from '../../components/Modal.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { errorCodeText } from '../../i18n/errors.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
import { useResource } from '../../lib/use-resource.ts';
import { type BulkRequest, type BulkResult, fetchReviewers, runBulk } from './queue.actions.ts';

/** The steps a bulk resubmission can ask for again, as Didit's workflow features. */
const FEATURES = {
  ID_VERIFICATION: 'queue.bulk.feature.id_verification',
  LIVENESS: 'queue.bulk.feature.liveness',
  FACE_MATCH: 'queue.bulk.feature.face_match',
  POA: 'queue.bulk.feature.poa',
  PHONE: 'queue.bulk.feature.phone',
  EMAIL: 'queue.bulk.feature.email',
} as const satisfies Record<string, MessageKey>;

type Dialog = 'resubmit' | 'dismiss' | null;

interface Props {
  /** Selected In Review cases, with the label the table shows for each (number or short id). */
  selected: { id: string; label: string }[];
  onDone: () => void;
}

/** Assign, request resubmission or dismiss AML hits on the selected In Review cases; results per case. */
export function BulkActions({ selected, onDone }: Props) {
  const t = useT();
  const { can } = useAuth();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [comment, setComment] = useState('');
  const [features, setFeatures] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [results, setResults] = useState<BulkResult[] | null>(null);
  const canAssign = can('POST', '/api/review/bulk/assign');
  const reviewers = useResource(canAssign ? 'reviewers' : null, (signal) => fetchReviewers(signal));
  // The cases of the last run, by label: the selection is cleared once it is done.
  const [labels, setLabels] = useState(new Map<string, string>());

  const run = async (req: BulkRequest) => {
    setBusy(true);
    setFailure(null);
    setLabels(new Map(selected.map((s) => [s.id, s.label])));
    try {
      setResults(
        await runBulk(
          selected.map((s) => s.id),
          req,
        ),
      );
      setDialog(null);
      setComment('');
      onDone();
    } catch (e) {
      setFailure(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const done = results?.filter((r) => r.ok).length ?? 0;
  const refused = results?.filter((r) => !r.ok) ?? [];
  const commentOk = comment.trim().length >= 3;

  if (selected.length === 0 && !results) return null;
  return (
    <div className="bulk-bar" data-testid="bulk-actions">
      <span className="muted">{t('queue.bulk.selected', { count: selected.length })}</span>
      {canAssign && selected.length > 0 && (
        <label className="cell-row">
          <span>{t('queue.bulk.assign_to')}</span>
          <select
            data-testid="bulk-assign"
            value=""
            disabled={busy}
            onChange={(e) => {
              const v = e.target.value;
              if (v) void run({ action: 'assign', user_id: v === '-' ? null : v });
            }}
          >
            <option value="">{t('queue.bulk.choose_reviewer')}</option>
            {(reviewers.data ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
            <option value="-">{t('queue.bulk.unassign')}</option>
          </select>
        </label>
      )}
      {selected.length > 0 && can('POST', '/api/review/bulk/request-resubmission') && (
        <button type="button" className="button button-ghost" onClick={() => setDialog('resubmit')}>
          {t('queue.bulk.resubmit')}
        </button>
      )}
      {selected.length > 0 && can('POST', '/api/review/bulk/dismiss-aml-hits') && (
        <button type="button" className="button button-ghost" onClick={() => setDialog('dismiss')}>
          {t('queue.bulk.dismiss')}
        </button>
      )}
      {failure && (
        <p role="alert" className="error-text">
          {failure}
        </p>
      )}
      {results && (
        <div role="status" data-testid="bulk-results" className="bulk-results">
          <p>{t('queue.bulk.result', { done, refused: refused.length })}</p>
          {refused.length > 0 && (
            <ul>
              {refused.map((r) => (
                <li key={r.session_id}>
                  {labels.get(r.session_id) ?? r.session_id.slice(0, 8)}:{' '}
                  {r.error ? errorCodeText(r.error.code, 409) : ''}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <Modal
        open={dialog !== null}
        onOpenChange={(open) => !open && setDialog(null)}
        title={dialog === 'resubmit' ? t('queue.bulk.resubmit_title') : t('queue.bulk.dismiss_title')}
        description={t('queue.bulk.dialog_desc', { count: selected.length })}
      >
        <form
          className="form"
          onSubmit={(e) => {
            e.preventDefault();
            if (dialog === 'resubmit') void run({ action: 'request-resubmission', comment, features });
            else void run({ action: 'dismiss-aml-hits', comment });
          }}
        >
          {dialog === 'resubmit' && (
            <fieldset>
              <legend>{t('queue.bulk.steps')}</legend>
              {Object.entries(FEATURES).map(([feature, key]) => (
                <label key={feature} className="cell-row">
                  <input
                    type="checkbox"
                    checked={features.includes(feature)}
                    onChange={(e) =>
                      setFeatures((fs) =>
                        e.target.checked ? [...fs, feature] : fs.filter((f) => f !== feature),
                      )
                    }
                  />
                  {t(key)}
                </label>
              ))}
            </fieldset>
          )}
          <label>
            {t('queue.bulk.comment')}
            <textarea
              data-autofocus
              data-testid="bulk-comment"
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              minLength={3}
              maxLength={2000}
              required
            />
          </label>
          {failure && (
            <p role="alert" className="error-text">
              {failure}
            </p>
          )}
          <button
            type="submit"
            className="button"
            data-testid="bulk-submit"
            disabled={busy || !commentOk || (dialog === 'resubmit' && features.length === 0)}
          >
            {dialog === 'resubmit'
              ? t('queue.bulk.resubmit_submit', { count: selected.length })
              : t('queue.bulk.dismiss_submit', { count: selected.length })}
          </button>
        </form>
      </Modal>
    </div>
  );
}
