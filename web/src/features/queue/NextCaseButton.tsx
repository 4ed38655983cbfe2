import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/client.ts';
import { useToast } from '../../components/toast.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { takeNextCase } from '../review-flow/next-case.ts';

/** Takes the oldest free In Review case (assigned to and claimed for me) and opens it. */
export function NextCaseButton() {
  const t = useT();
  const navigate = useNavigate();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const onClick = async () => {
    setBusy(true);
    try {
      const id = await takeNextCase();
      if (id)
        navigate(`/sessions/${encodeURIComponent(id)}`, {
          state: { from: `/queue${window.location.search}` },
        });
      else
        toast({
          tone: 'info',
          title: t('queue.next.none'),
          description: t('queue.next.none_desc'),
        });
    } catch (e) {
      toast({ tone: 'error', title: t('queue.next.failed'), description: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <button type="button" className="button" data-testid="next-case" disabled={busy} onClick={onClick}>
      {busy ? t('queue.next.busy') : t('queue.next.button')}
    </button>
  );
}
