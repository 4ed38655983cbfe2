import { type ReactNode, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { type ApiResponse, client } from '../api/contract.ts';
import { useT } from '../i18n/I18nProvider.tsx';
import { useResource } from '../lib/use-resource.ts';
import { useAuth, useUser } from './auth-context.tsx';
import './review-day.css';

/**
 * Tells a reviewer what became of the decisions they staged for a second reviewer: rejected (with the
 * second reviewer's reason) or confirmed and sent to Didit. Shown in the shell on every page until
 * dismissed; dismissals are remembered per user in this browser. Small on purpose: it is in the initial bundle.
 */
type Outcome = ApiResponse<'/api/review/mine', 'get'>['items'][number];

/** Outcomes older than this are history, not news. */
const RECENT_MS = 7 * 24 * 60 * 60 * 1000;
const POLL_MS = 30_000;

const seenKey = (userId: string) => `console.fourEyesSeen.${userId}`;
function readSeen(userId: string): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(seenKey(userId)) ?? '[]');
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  } catch {
    return [];
  }
}

/** News for the requester: the second reviewer rejected it, or confirmed it. Own withdrawals are not news. */
function isNews(o: Outcome, now: number): boolean {
  const at = o.state === 'rejected' ? o.rejected_at : o.confirmed_at;
  if (!at || now - Date.parse(at) > RECENT_MS) return false;
  if (o.state === 'rejected') return o.rejected_by?.id !== o.requested_by.id;
  return Boolean(o.confirmed_by) && o.state !== 'staged';
}

export function FourEyesNotices() {
  const user = useUser();
  const { can } = useAuth();
  const t = useT();
  const allowed = can('GET', '/api/review/mine');
  const res = useResource(
    allowed ? `four-eyes-mine:${user.id}` : null,
    async (signal) => (await client.get('/api/review/mine', { query: { limit: 20 }, signal })).items,
    { pollMs: POLL_MS },
  );
  const [seen, setSeen] = useState<string[]>(() => readSeen(user.id));
  useEffect(() => setSeen(readSeen(user.id)), [user.id]);
  const dismiss = useCallback(
    (id: string) => {
      const next = [...new Set([...readSeen(user.id), id])].slice(-200);
      try {
        localStorage.setItem(seenKey(user.id), JSON.stringify(next));
      } catch {
        // Storage may be unavailable; the notice then only hides for this page's life.
      }
      setSeen(next);
    },
    [user.id],
  );
  const now = Date.now();
  const news = (res.data ?? []).filter((o) => isNews(o, now) && !seen.includes(o.id));
  if (news.length === 0) return null;
  return (
    <section
      className="four-eyes-notices"
      aria-label={t('app.four_eyes.region')}
      data-testid="four-eyes-notices"
    >
      {news.map((o) => {
        const values = {
          action: o.new_status,
          caseId: o.session_id.slice(0, 8),
          b: (chunks: ReactNode[]) => <strong>{chunks}</strong>,
        };
        return (
          <div
            key={o.id}
            className={`notice ${o.state === 'rejected' ? 'notice-warning' : 'notice-info'}`}
            role="status"
          >
            <p>
              {o.state === 'rejected'
                ? o.reject_comment
                  ? t.rich('app.four_eyes.rejected_with_reason', {
                      ...values,
                      name: o.rejected_by?.name,
                      reason: o.reject_comment,
                    })
                  : t.rich('app.four_eyes.rejected', { ...values, name: o.rejected_by?.name })
                : t.rich(
                    o.state === 'failed' ? 'app.four_eyes.confirmed_refused' : 'app.four_eyes.confirmed',
                    {
                      ...values,
                      name: o.confirmed_by?.name,
                    },
                  )}
            </p>
            <span className="cell-row">
              <Link className="button small" to={`/sessions/${encodeURIComponent(o.session_id)}`}>
                {t('app.four_eyes.open_case')}
              </Link>
              <button type="button" className="button button-ghost small" onClick={() => dismiss(o.id)}>
                {t('app.four_eyes.dismiss')}
              </button>
            </span>
          </div>
        );
      })}
    </section>
  );
}
