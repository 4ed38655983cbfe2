/**
 * When the first page's own content (the queue's first rows) has been shown on a first load: what that
 * content does not need (app/preload.ts) is sent only then, so neither its requests nor its answers' renders
 * come between the page's data and the page. A page that takes part marks it (`markFirstContentShown`) once
 * its first data has been rendered or has failed, and when it unmounts before that.
 */
let mark!: () => void;
export const firstContentShown = new Promise<void>((resolve) => {
  mark = resolve;
});

export function markFirstContentShown(): void {
  mark();
}
