/**
 * The source (for `addInitScript`, before any page script) of a stand-in React DevTools hook: React calls
 * `onCommitFiberRoot` on every commit, in production builds too. `onCommit` is the source of a function
 * taking the committed root. A string, not a function: tsx would wrap inner functions in a `__name` helper
 * the page does not have.
 */
export function reactCommitHook(onCommit: string): string {
  return `window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject() { return 1; },
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberRoot(_id, root) { (${onCommit})(root); },
    onPostCommitFiberRoot() {},
    onCommitFiberUnmount() {},
  };`;
}
