import { type Ref, useEffect, useState } from 'react';
import { ApiError } from '../../api/client.ts';
import { Field } from '../../components/Field.tsx';
import type { MessageKey } from '../../i18n/catalog.ts';
import { translate } from '../../i18n/current.ts';
import { useT } from '../../i18n/I18nProvider.tsx';
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
  if (h > 0) return translate('sharing.duration.h_min', { h, m: String(m).padStart(2, '0') });
  if (m > 0) return translate('sharing.duration.min_s', { m, s: String(sec).padStart(2, '0') });
  return translate('sharing.duration.s', { s: sec });
}

/** "Expires in 59 min 58 s" that turns amber under five minutes and red once expired. */
export function Countdown({ expiresAt, importWithin }: { expiresAt: string | null; importWithin?: boolean }) {
  const t = useT();
  const left = useSecondsLeft(expiresAt);
  if (left === null) return <span className="muted">{t('sharing.countdown.no_expiry')}</span>;
  if (left <= 0) {
    return (
      <span className="countdown gone" data-testid="countdown">
        {t('sharing.countdown.expired', { time: formatDateTime(expiresAt) })}
      </span>
    );
  }
  return (
    <span
      className={left < 300 ? 'countdown low' : 'countdown'}
      data-testid="countdown"
      title={formatDateTime(expiresAt)}
    >
      {t(importWithin ? 'sharing.countdown.import_within' : 'sharing.countdown.expires_in', {
        duration: formatDuration(left),
      })}
    </span>
  );
}

/** TTL presets (1 h, 6 h, 24 h) and a custom value in minutes, within Didit's 1 minute to 24 hours. */
export function TtlPicker({ value, onChange }: { value: number; onChange: (seconds: number) => void }) {
  const preset = TTL_PRESETS.some((p) => p.seconds === value);
  const [custom, setCustom] = useState(!preset);
  const [minutes, setMinutes] = useState(String(Math.round(value / 60)));
  const t = useT();
  return (
    <fieldset className="fieldset">
      <legend>{t('sharing.ttl.legend')}</legend>
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
            {t('sharing.ttl.preset', { hours: p.seconds / 3600 })}
          </button>
        ))}
        <button type="button" className="button small" aria-pressed={custom} onClick={() => setCustom(true)}>
          {t('sharing.ttl.custom')}
        </button>
        {custom && (
          <label className="field-inline">
            <span>{t('sharing.ttl.minutes')}</span>
            <input
              className="input"
              type="number"
              min={1}
              max={1440}
              value={minutes}
              aria-label={t('sharing.ttl.minutes_label')}
              onChange={(e) => {
                setMinutes(e.target.value);
                const n = Math.round(Number(e.target.value) * 60);
                if (Number.isFinite(n) && n >= TTL_MIN && n <= TTL_MAX) onChange(n);
              }}
            />
          </label>
        )}
      </div>
      <p className="hint">{t('sharing.ttl.hint')}</p>
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
  const t = useT();
  const [copied, setCopiedState] = useState(false);
  const setCopied = (yes: boolean) => {
    setCopiedState(yes);
    if (yes) onCopied?.();
  };
  return (
    <div className="stack" data-testid="token-reveal">
      <div className="notice notice-warning" role="alert">
        <strong>{t('sharing.reveal.copy_now')}</strong>
        <span>{t('sharing.reveal.explain', { forWhom })}</span>
      </div>
      <div className="token-box">
        <textarea
          className="input"
          readOnly
          value={token}
          aria-label={t('sharing.reveal.token')}
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
          {t(copied ? 'sharing.reveal.copied' : 'sharing.reveal.copy')}
        </button>
      </div>
      <Countdown expiresAt={expiresAt} />
    </div>
  );
}

/** Two or more ways to do one thing (a registered partner or an application id; pick or CSV), one pressed. */
export function Segmented<V extends string>({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: V;
  /** Each choice's value and its words, in the order shown. */
  options: Record<V, string>;
  onChange: (value: V) => void;
}) {
  return (
    <fieldset className="segmented plain-fieldset" aria-label={label}>
      {(Object.entries(options) as [V, string][]).map(([v, words]) => (
        <button
          key={v}
          type="button"
          className="button small"
          aria-pressed={value === v}
          onClick={() => onChange(v)}
        >
          {words}
        </button>
      ))}
    </fieldset>
  );
}

/** A partner select's options: `none` (value '') first, then each registered partner by name. */
function PartnerOptions({ partners, none }: { partners: Partner[]; none: string }) {
  return (
    <>
      <option value="">{none}</option>
      {partners.map((p) => (
        <option key={p.id} value={p.id}>
          {p.name}
        </option>
      ))}
    </>
  );
}

/** Partner picker with "another application id" for one-off shares. */
export function PartnerPicker({
  partners,
  value,
  onChange,
  selectRef,
}: {
  partners: Partner[];
  value: string;
  onChange: (partnerId: string) => void;
  selectRef?: Ref<HTMLSelectElement>;
}) {
  const t = useT();
  return (
    <Field label={t('sharing.picker.partner')}>
      <select
        className="input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        data-autofocus
        data-testid="partner-picker"
        ref={selectRef}
      >
        <PartnerOptions partners={partners} none={t('sharing.picker.choose')} />
      </select>
    </Field>
  );
}

/** The ledgers' partner filter: every registered partner, or all of them. */
export function PartnerFilter({
  partners,
  value,
  onChange,
}: {
  partners: Partner[];
  value: string;
  onChange: (partnerId: string) => void;
}) {
  const t = useT();
  return (
    <Field inline label={t('sharing.filter.partner')}>
      <select className="input" value={value} onChange={(e) => onChange(e.target.value)}>
        <PartnerOptions partners={partners} none={t('sharing.filter.all')} />
      </select>
    </Field>
  );
}

/**
 * What to tell the person, by error code: the message (errors catalog) says what to do; a few codes get a
 * heading that names the situation.
 */
const TITLES: Record<string, MessageKey> = {
  SHARE_TOKEN_MALFORMED: 'sharing.error.SHARE_TOKEN_MALFORMED',
  SHARE_TOKEN_EXPIRED: 'sharing.error.SHARE_TOKEN_EXPIRED',
  SHARE_TOKEN_WRONG_APPLICATION: 'sharing.error.SHARE_TOKEN_WRONG_APPLICATION',
  SHARE_TOKEN_INVALID: 'sharing.error.SHARE_TOKEN_INVALID',
  SHARE_TOKEN_NOT_FOR_US_OR_USED: 'sharing.error.SHARE_TOKEN_NOT_FOR_US_OR_USED',
  SHARE_SOURCE_GONE: 'sharing.error.SHARE_SOURCE_GONE',
  IMPORT_WORKFLOW_NOT_FOUND: 'sharing.error.IMPORT_WORKFLOW_NOT_FOUND',
  SESSION_NOT_SHAREABLE: 'sharing.error.SESSION_NOT_SHAREABLE',
  SHARE_TO_OWN_APPLICATION: 'sharing.error.SHARE_TO_OWN_APPLICATION',
  RATE_LIMITED: 'sharing.error.RATE_LIMITED',
  DIDIT_UNAVAILABLE: 'sharing.error.DIDIT_UNAVAILABLE',
  BATCH_TOKENS_GONE: 'sharing.error.BATCH_TOKENS_GONE',
};

/** `fallback`: an already translated heading. */
export function errorTitle(e: unknown, fallback: string): string {
  const key = e instanceof ApiError ? TITLES[e.code] : undefined;
  return key ? translate(key) : fallback;
}
