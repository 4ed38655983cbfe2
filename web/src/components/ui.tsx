import { statusKey } from '@console/didit/statuses';
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import { codeWords } from '../lib/format.ts';

const STATUS_TONE: Record<string, string> = {
  APPROVED: 'ok',
  DECLINED: 'bad',
  IN_REVIEW: 'review',
  RESUBMITTED: 'info',
  RESUB_REQUESTED: 'info',
  IN_PROGRESS: 'muted',
  NOT_STARTED: 'muted',
  NOT_FINISHED: 'muted',
  AWAITING_USER: 'muted',
  ABANDONED: 'muted',
  EXPIRED: 'muted',
  KYC_EXPIRED: 'warn',
};

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const tone = STATUS_TONE[statusKey(status)] ?? 'muted';
  return <span className={`badge badge-${tone}`}>{codeWords(status) || 'Unknown'}</span>;
}

export function Spinner({ label = 'Loading' }: { label?: string }) {
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label}</span>
    </span>
  );
}

export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const code = error instanceof ApiError ? error.code : undefined;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title ?? 'Something went wrong'}</strong>
      <span>{message}</span>
      {(code || requestId) && (
        <small className="muted">
          {code}
          {requestId ? ` · request ${requestId}` : ''}
        </small>
      )}
    </div>
  );
}

export function EmptyState({ children }: { children: ReactNode }) {
  return <div className="empty">{children}</div>;
}

export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}

export function PageHeader({ title, id, children }: { title: string; id?: string; children?: ReactNode }) {
  return (
    <div className="page-header">
      <h1 id={id}>{title}</h1>
      {children && <div className="page-actions">{children}</div>}
    </div>
  );
}
