import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { takeNextCase } from '../review-flow/next-case.ts';

/**
 * Takes the oldest free In Review case (assigned to and claimed for me) and opens it. When none is free
 * (404 NO_NEXT_CASE) it says so beside the button until the next try, and the button stays usable: cases
 * free up as claims lapse and decisions land.
 */
export function NextCaseButton() {
  const t = useT();
  const navigate = useNavigate();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const [none, setNone] = useState(false);
  const onClick = async () => {
    setBusy(true);
    setNone(false);
    try {
      const id = await takeNextCase();
      if (id)
        navigate(`/sessions/${encodeURIComponent(id)}`, {
          state: { from: `/queue${window.location.search}` },
        });
      else setNone(true);
    } catch (e) {
      toast({ tone: 'error', title: t('queue.next.failed'), description: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="cell-row next-case">
      <button
        type="button"
        className="button"
        data-testid="next-case"
        disabled={busy}
        aria-busy={busy || undefined}
        onClick={onClick}
      >
        {busy ? t('queue.next.busy') : t('queue.next.button')}
      </button>
      <span role="status" className="small" data-testid="next-case-none">
        {none ? (
          <>
            <strong>{t('queue.next.none')}</strong> {t('queue.next.none_desc')}
          </>
        ) : null}
      </span>
    </span>
  );
}
