import { SHAREABLE_STATUS_KEYS, statusKey } from '@console/didit/statuses';
import { useState } from 'react';
import { useAuth } from '../../app/auth-context.tsx';
import { ShareDialog } from './ShareDialog.tsx';

/** Didit mints tokens only for finished sessions (docs/didit.md §2.8), in either casing. */
const SHAREABLE = new Set(SHAREABLE_STATUS_KEYS);

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
  const [open, setOpen] = useState(false);
  if (!can('POST', `/api/sessions/${encodeURIComponent(sessionId)}/share`)) return null;
  const shareable = SHAREABLE.has(statusKey(status));
  return (
    <>
      <button
        type="button"
        className="button"
        disabled={!shareable}
        title={
          shareable
            ? 'Mint a share token for a partner'
            : 'Only Approved, Declined or In Review sessions can be shared'
        }
        onClick={() => setOpen(true)}
        data-testid="share-open"
      >
        Share with a partner
      </button>
      {open && <ShareDialog sessionId={sessionId} open={open} onOpenChange={setOpen} onShared={onShared} />}
    </>
  );
}
