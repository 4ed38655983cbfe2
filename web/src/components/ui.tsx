import { statusKey } from '@console/didit/statuses';
import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/client.ts';
import { type DiditVocabulary, diditTerm } from '../i18n/didit.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import type { TermText } from '../i18n/terms.ts';
import { formatDateTime, formatUtc } from '../lib/format.ts';

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

/** A Didit status in the console's language; Didit's own value on hover. */
export function StatusBadge({ status }: { status: string | null | undefined }) {
  return (
    <DiditTerm
      kind="status"
      value={status}
      className={`badge badge-${STATUS_TONE[statusKey(status)] ?? 'muted'}`}
    />
  );
}

/**
 * One of Didit's own terms (a check, a warning code, an AML dataset, …) in the console's language, with
 * Didit's raw value on hover: what a reviewer quotes to Didit support or finds in Didit's docs.
 */
export function DiditTerm({
  kind,
  value,
  className,
}: {
  kind: DiditVocabulary;
  value: string | null | undefined;
  className?: string;
}) {
  useT(); // re-render on a language change
  return <Term term={diditTerm(kind, value)} className={className} />;
}

/** A select's options for values of one of Didit's vocabularies, each in the console's words. */
export function DiditOptions({ kind, values }: { kind: DiditVocabulary; values: readonly string[] }) {
  useT(); // re-render on a language change
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {diditTerm(kind, v).label}
        </option>
      ))}
    </>
  );
}

/** A code in the console's words (i18n/terms.ts), its raw value on hover. */
export function Term({ term, className }: { term: TermText; className?: string }) {
  return (
    <span className={className} title={term.title}>
      {term.label}
    </span>
  );
}

/**
 * A local time in the console's language and the browser's time zone; the same instant in UTC on hover.
 */
export function LocalTime({ iso, className }: { iso: string | null | undefined; className?: string }) {
  useT(); // re-render on a language change
  if (!iso) return <span className={className}>—</span>;
  return (
    <time dateTime={iso} title={formatUtc(iso)} className={className}>
      {formatDateTime(iso)}
    </time>
  );
}

export function Spinner({ label }: { label?: string }) {
  const t = useT();
  return (
    <span className="spinner" role="status">
      <span className="visually-hidden">{label ?? t('components.loading')}</span>
    </span>
  );
}

/** The message is the catalog's words for the error's code (i18n/errors.ts); the code and request id stay. */
export function ErrorNotice({ error, title }: { error: unknown; title?: string }) {
  const t = useT();
  if (!error) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const requestId = error instanceof ApiError ? error.requestId : undefined;
  return (
    <div className="notice notice-error" role="alert">
      <strong>{title ?? t('components.error.title')}</strong>
      <span>{errorMessage(error)}</span>
      {(code || requestId) && (
        <small className="muted">
          {code}
          {requestId ? ` · ${t('components.error.request', { id: requestId })}` : ''}
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

/** A card section named by its heading (`aria-labelledby`): the panels of the case, entity and sync pages. */
export function Panel({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
