/**
 * Text a reviewer is typing (a decision comment, a note) kept in localStorage per user and case, so a login
 * that ends mid-sentence (signed out in another tab, idle or absolute timeout) loses nothing: the page
 * restores it after sign-in, and a successful submit clears it. Old drafts lapse.
 */
import { useCallback, useState } from 'react';

const PREFIX = 'console.draft.v1';
export const DRAFT_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

export interface DraftStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export function draftKey(userId: string, sessionId: string, field: string): string {
  return `${PREFIX}:${userId}:${sessionId}:${field}`;
}

export function readDraft<T>(store: DraftStore, key: string, now = Date.now()): T | null {
  let raw: string | null;
  try {
    raw = store.getItem(key);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const parsed = JSON.parse(raw) as { at?: number; value?: T };
    if (typeof parsed.at !== 'number' || now - parsed.at > DRAFT_MAX_AGE_MS || parsed.value === undefined) {
      store.removeItem(key);
      return null;
    }
    return parsed.value;
  } catch {
    store.removeItem(key);
    return null;
  }
}

/** An empty value removes the draft: nothing to restore. */
export function writeDraft<T>(store: DraftStore, key: string, value: T | null, now = Date.now()): void {
  try {
    if (value === null || value === '') store.removeItem(key);
    else store.setItem(key, JSON.stringify({ at: now, value }));
  } catch {
    // Storage full or disabled: the draft is a convenience, the form still works.
  }
}

function browserStore(): DraftStore | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** A text field's value backed by a draft: restored on mount, saved on every change, cleared by `clear`. */
export function useDraft(key: string | null): [string, (v: string) => void, () => void] {
  const store = browserStore();
  const [value, setValue] = useState<string>(() =>
    key && store ? (readDraft<string>(store, key) ?? '') : '',
  );
  const set = useCallback(
    (v: string) => {
      setValue(v);
      if (key && store) writeDraft(store, key, v);
    },
    [key, store],
  );
  const clear = useCallback(() => {
    setValue('');
    if (key && store) writeDraft(store, key, null);
  }, [key, store]);
  return [value, set, clear];
}

export const draftStore = browserStore;
