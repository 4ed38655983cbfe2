import { describe, expect, it } from 'vitest';
import { DRAFT_MAX_AGE_MS, type DraftStore, draftKey, readDraft, writeDraft } from './drafts.ts';

function memoryStore(): DraftStore & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
}

describe('drafts', () => {
  it('are kept per user and case', () => {
    expect(draftKey('u1', 's1', 'note')).not.toBe(draftKey('u2', 's1', 'note'));
    expect(draftKey('u1', 's1', 'note')).not.toBe(draftKey('u1', 's2', 'note'));
  });

  it('round-trip, and an empty value removes the draft', () => {
    const store = memoryStore();
    const key = draftKey('u1', 's1', 'decision');
    writeDraft(store, key, { status: 'Approved', comment: 'Half a sentence' }, 1000);
    expect(readDraft(store, key, 2000)).toEqual({ status: 'Approved', comment: 'Half a sentence' });
    writeDraft(store, key, '');
    expect(store.map.size).toBe(0);
  });

  it('lapse after a week and survive garbage', () => {
    const store = memoryStore();
    const key = draftKey('u1', 's1', 'note');
    writeDraft(store, key, 'old', 0);
    expect(readDraft(store, key, DRAFT_MAX_AGE_MS + 1)).toBeNull();
    expect(store.map.size).toBe(0);
    store.setItem(key, '{not json');
    expect(readDraft(store, key)).toBeNull();
  });

  it('never throw when storage does', () => {
    const broken: DraftStore = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
      removeItem: () => {},
    };
    expect(readDraft(broken, 'k')).toBeNull();
    expect(() => writeDraft(broken, 'k', 'v')).not.toThrow();
  });
});
