import { errorMessage } from '../../api/client.ts';
import { useToast } from '../../components/toast.tsx';
import { Kbd } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { ShareCaseButton } from '../sharing/ShareCaseButton.tsx';
import { refreshCase } from './case.api.ts';
import type { CaseReview } from './use-case-review.ts';

/** Back to the queue on the left; the page-wide tools (re-fetch, share, shortcuts) on the right. */
export function CaseNav({ c, onBack, onHelp }: { c: CaseReview; onBack: () => void; onHelp: () => void }) {
  const toast = useToast();
  const t = useT();
  const refresh = async () => {
    try {
      await refreshCase(c.id);
      await c.caseRes.reload();
      toast({ tone: 'success', title: t('case.nav.refetched') });
    } catch (e) {
      toast({ tone: 'error', title: t('case.nav.refresh_failed'), description: errorMessage(e) });
    }
  };
  return (
    <nav className="case-nav" aria-label={t('case.nav.label')}>
      <button type="button" className="button button-ghost" onClick={onBack}>
        {t('case.nav.back')} <Kbd>q</Kbd>
      </button>
      <div className="case-nav-end">
        {c.may.refresh && (
          <button type="button" className="button button-ghost" onClick={() => void refresh()}>
            {t('case.nav.refetch')}
          </button>
        )}
        <ShareCaseButton sessionId={c.id} status={c.status} onShared={() => void c.caseRes.reload()} />
        <button type="button" className="button button-ghost" onClick={onHelp}>
          {t('case.nav.shortcuts')} <Kbd>?</Kbd>
        </button>
      </div>
    </nav>
  );
}
