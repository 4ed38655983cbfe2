import { useState } from 'react';
import { useAuth } from '../../app/auth-context.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { statusKey } from '../../lib/format.ts';
import { ShareDialog } from './ShareDialog.tsx';

/** Didit mints tokens only for finished sessions (docs/didit.md §2.8), in either casing. */
const SHAREABLE = new Set(['APPROVED', 'DECLINED', 'IN_REVIEW']);

/** The case view's "Share with a partner" action, for partner managers, on finished sessions. */
export function ShareCaseButton({
  sessionId,
  status,
  onShared,
}: {
  sessionId: string;
  status: string | null | undefined;
  onShared?: () => void;
}) {
  const { can } = useAuth();
  const t = useT();
  const [open, setOpen] = useState(false);
  if (!can('POST', `/api/sessions/${encodeURIComponent(sessionId)}/share`)) return null;
  const shareable = SHAREABLE.has(statusKey(status));
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={!shareable}
        title={t(shareable ? 'sharing.button.title_ok' : 'sharing.button.title_not')}
        onClick={() => setOpen(true)}
        data-testid="share-open"
      >
        {t('sharing.dialog.title')}
      </button>
      {open && <ShareDialog sessionId={sessionId} open={open} onOpenChange={setOpen} onShared={onShared} />}
    </>
  );
}
