import { useEffect, useId, useState } from 'react';
import { useAuth } from '../../app/auth-context.tsx';
import { Modal } from '../../components/Modal.tsx';
import { ErrorNotice } from '../../components/ui.tsx';
import { useT } from '../../i18n/I18nProvider.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { useAction } from '../../lib/use-action.ts';
import {
  eraseCase,
  fetchRetention,
  type Retention,
  releaseLegalHold,
  reportPath,
  setLegalHold,
} from './records.api.ts';

type Action = 'hold' | 'release' | 'erase';

const TITLES = {
  hold: 'case.records.title.hold',
  release: 'case.records.title.release',
  erase: 'case.records.title.erase',
} as const satisfies Record<Action, string>;

/**
 * The case header's records actions (docs/features.md "Case records"): the case report, and for admins the
 * legal hold and the erasure. Hidden by the server's own permission table; the server refuses anyway.
 */
export function CaseRecords({ sessionId, onErased }: { sessionId: string; onErased?: () => void }) {
  const { can } = useAuth();
  const t = useT();
  const base = `/api/sessions/${encodeURIComponent(sessionId)}`;
  const canReport = can('GET', `${base}/report.pdf`);
  const canHold = can('POST', `${base}/legal-hold`);
  const canErase = can('POST', `${base}/erase`);
  const [retention, setRetention] = useState<Retention | null>(null);
  const [action, setAction] = useState<Action | null>(null);

  useEffect(() => {
    const ctrl = new AbortController();
    fetchRetention(sessionId, ctrl.signal).then(setRetention, () => undefined);
    return () => ctrl.abort();
  }, [sessionId]);

  const hold = retention?.legal_hold ?? null;
  const erasure = retention?.erasure ?? null;
  return (
    <div className="case-records" data-testid="case-records">
      {canReport && (
        <a className="button" href={reportPath(sessionId)} download data-testid="case-report">
          {t('case.records.report')}
        </a>
      )}
      {hold && (
        <span className="tag tag-bad" data-testid="legal-hold" title={hold.reason}>
          {t('case.records.legal_hold_since', { at: formatDateTime(hold.set_at) })}
        </span>
      )}
      {erasure && (
        <span className="tag tag-info" data-testid="erased" title={erasure.reason}>
          {t('case.records.erased', { at: formatDateTime(erasure.erased_at) })}
        </span>
      )}
      {canHold && !erasure && (
        <button
          type="button"
          className="button button-ghost"
          data-testid={hold ? 'legal-hold-release' : 'legal-hold-set'}
          onClick={() => setAction(hold ? 'release' : 'hold')}
        >
          {hold ? t('case.records.hold_release') : t('case.records.hold_set')}
        </button>
      )}
      {canErase && !erasure && (
        <button
          type="button"
          className="button button-danger"
          data-testid="erase-open"
          disabled={hold !== null}
          title={hold ? t('case.records.erase_blocked') : undefined}
          onClick={() => setAction('erase')}
        >
          {t('case.records.erase')}
        </button>
      )}
      {action && (
        <RecordsDialog
          sessionId={sessionId}
          action={action}
          onClose={() => setAction(null)}
          onDone={(r) => {
            setRetention(r);
            setAction(null);
            if (r.erasure) onErased?.();
          }}
        />
      )}
    </div>
  );
}

function RecordsDialog({
  sessionId,
  action,
  onClose,
  onDone,
}: {
  sessionId: string;
  action: Action;
  onClose: () => void;
  onDone: (r: Retention) => void;
}) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [confirm, setConfirm] = useState('');
  const { busy, error, run } = useAction();
  const reasonId = useId();
  const confirmId = useId();
  const ready = reason.trim().length >= 3 && (action !== 'erase' || confirm.trim() === sessionId);

  const submit = () =>
    run(async () => {
      const step = action === 'hold' ? setLegalHold : action === 'release' ? releaseLegalHold : eraseCase;
      onDone(await step(sessionId, reason.trim()));
    });

  return (
    <Modal
      open
      onOpenChange={(open) => !open && onClose()}
      title={t(TITLES[action])}
      description={action === 'erase' ? t('case.records.erase_desc') : t('case.records.reason_desc')}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void submit();
        }}
      >
        <label className="field" htmlFor={reasonId}>
          <span>{t('case.records.reason')}</span>
          <textarea
            id={reasonId}
            className="input"
            rows={3}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            data-autofocus
            data-testid="records-reason"
          />
        </label>
        {action === 'erase' && (
          <label className="field" htmlFor={confirmId}>
            <span>{t('case.records.confirm_id')}</span>
            <input
              id={confirmId}
              className="input mono"
              value={confirm}
              onChange={(e) => setConfirm(e.target.value)}
              data-testid="erase-confirm"
            />
          </label>
        )}
        <ErrorNotice error={error} />
        <div className="dialog-actions">
          <button type="button" className="button button-ghost" onClick={onClose}>
            {t('case.cancel')}
          </button>
          <button
            type="submit"
            className={action === 'erase' ? 'button button-danger' : 'button button-primary'}
            disabled={!ready || busy}
            data-testid="records-submit"
          >
            {t(TITLES[action])}
          </button>
        </div>
      </form>
    </Modal>
  );
}
