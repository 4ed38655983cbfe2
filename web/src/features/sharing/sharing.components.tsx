import { useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { type Partner, TTL_MAX, TTL_MIN, TTL_PRESETS } from './sharing.api.ts';
import './sharing.css';

/** Seconds until `iso`, ticking every second; negative once past. */
const secondsUntil = (target: number) =>
  Number.isNaN(target) ? null : Math.floor((target - Date.now()) / 1000);

export function useSecondsLeft(iso: string | null | undefined): number | null {
  const target = iso ? new Date(iso).getTime() : Number.NaN;
  const [left, setLeft] = useState(() => secondsUntil(target));
  useEffect(() => {
    setLeft(secondsUntil(target));
    if (Number.isNaN(target)) return;
    const t = setInterval(() => setLeft(secondsUntil(target)), 1000);
    return () => clearInterval(t);
  }, [target]);
  return left;
}

export function formatDuration(seconds: number): string {
  const s = Math.max(0, seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(sec).padStart(2, '0')} s`;
  return `${sec} s`;
}

/** "Expires in 59 min 58 s" that turns amber under five minutes and red once expired. */
export function Countdown({ expiresAt, label = 'Expires in' }: { expiresAt: string | null; label?: string }) {
  const left = useSecondsLeft(expiresAt);
  if (left === null) return <span className="muted">No expiry in the token</span>;
  if (left <= 0) {
    return (
      <span className="countdown gone" data-testid="countdown">
        Expired {formatDateTime(expiresAt)}
      </span>
    );
  }
  return (
    <span
      className={left < 300 ? 'countdown low' : 'countdown'}
      data-testid="countdown"
      title={formatDateTime(expiresAt)}
    >
      {label} {formatDuration(left)}
    </span>
  );
}

/** TTL presets (1 h, 6 h, 24 h) and a custom value in minutes, within Didit's 1 minute to 24 hours. */
export function TtlPicker({ value, onChange }: { value: number; onChange: (seconds: number) => void }) {
  const preset = TTL_PRESETS.some((p) => p.seconds === value);
  const [custom, setCustom] = useState(!preset);
  const [minutes, setMinutes] = useState(String(Math.round(value / 60)));
  return (
    <fieldset className="fieldset">
      <legend>Token lifetime</legend>
      <div className="ttl-presets">
        {TTL_PRESETS.map((p) => (
          <button
            key={p.seconds}
            type="button"
            className="button small"
            aria-pressed={!custom && value === p.seconds}
            onClick={() => {
              setCustom(false);
              onChange(p.seconds);
            }}
          >
            {p.label}
          </button>
        ))}
        <button type="button" className="button small" aria-pressed={custom} onClick={() => setCustom(true)}>
          Custom
        </button>
        {custom && (
          <label className="field-inline">
            <span>Minutes (1–1440)</span>
            <input
              className="input"
              type="number"
              min={1}
              max={1440}
              value={minutes}
              aria-label="Custom lifetime in minutes"
              onChange={(e) => {
                setMinutes(e.target.value);
                const n = Math.round(Number(e.target.value) * 60);
                if (Number.isFinite(n) && n >= TTL_MIN && n <= TTL_MAX) onChange(n);
              }}
            />
          </label>
        )}
      </div>
      <p className="hint">
        The partner must import the token before it expires. Didit allows 1 minute to 24 hours.
      </p>
    </fieldset>
  );
}

export function customTtlValid(seconds: number): boolean {
  return Number.isInteger(seconds) && seconds >= TTL_MIN && seconds <= TTL_MAX;
}

/** The token, this once: copy button, countdown, and the warning that it will not be shown again. */
export function TokenReveal({
  token,
  expiresAt,
  forWhom,
  onCopied,
}: {
  token: string;
  expiresAt: string;
  forWhom: string;
  /** Told when the token was copied (the button, or a copy from the field). */
  onCopied?: () => void;
}) {
  const [copied, setCopiedState] = useState(false);
  const setCopied = (yes: boolean) => {
    setCopiedState(yes);
    if (yes) onCopied?.();
  };
  return (
    <div className="stack" data-testid="token-reveal">
      <div className="notice notice-warning" role="alert">
        <strong>Copy the token now: it will not be shown again.</strong>
        <span>
          The console keeps only its fingerprint. Send it to {forWhom} over your agreed channel (not e-mail in
          clear if you can avoid it). Anyone holding it can import this verification until it expires.
        </span>
      </div>
      <div className="token-box">
        <textarea
          className="input"
          readOnly
          value={token}
          aria-label="Share token"
          data-testid="share-token"
          onFocus={(e) => e.currentTarget.select()}
          onCopy={() => setCopied(true)}
        />
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            void navigator.clipboard
              ?.writeText(token)
              .then(() => setCopied(true))
              .catch(() => setCopied(false));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <Countdown expiresAt={expiresAt} />
    </div>
  );
}

/** Partner picker with "another application id" for one-off shares. */
export function PartnerPicker({
  partners,
  value,
  onChange,
}: {
  partners: Partner[];
  value: string;
  onChange: (partnerId: string) => void;
}) {
  return (
    <label className="field">
      <span>Partner</span>
      <select
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-autofocus
        data-testid="partner-picker"
      >
        <option value="">Choose a partner…</option>
        {partners.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * What to tell the person, by error code: the server's message already says what to do; a few codes get a
 * heading that names the situation.
 */
const TITLES: Record<string, string> = {
  SHARE_TOKEN_MALFORMED: 'That is not a complete share token',
  SHARE_TOKEN_EXPIRED: 'The token has expired',
  SHARE_TOKEN_WRONG_APPLICATION: 'The token is meant for another application',
  SHARE_TOKEN_INVALID: 'Didit did not accept the token',
  SHARE_TOKEN_NOT_FOR_US_OR_USED: 'Not for us, or already imported',
  SHARE_SOURCE_GONE: 'The partner’s session is gone',
  IMPORT_WORKFLOW_NOT_FOUND: 'Choose another workflow',
  SESSION_NOT_SHAREABLE: 'This session cannot be shared yet',
  SHARE_TO_OWN_APPLICATION: 'That is our own application',
  RATE_LIMITED: 'Didit asks us to slow down',
  DIDIT_UNAVAILABLE: 'Didit is unavailable',
  BATCH_TOKENS_GONE: 'The tokens are no longer available',
};

export function errorTitle(e: unknown, fallback: string): string {
  return e instanceof ApiError ? (TITLES[e.code] ?? fallback) : fallback;
}
