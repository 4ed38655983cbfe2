/**
 * The most requests that started inside any half-open window [t, t + windowMs): a sliding window, as Didit
 * counts its rate limits. The rate limiter's tests and the fault suite hold the limiter to it.
 */
export function maxInWindow(times: number[], windowMs = 60_000): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  let lo = 0;
  for (let hi = 0; hi < t.length; hi++) {
    while (t[hi]! - t[lo]! >= windowMs) lo++;
    best = Math.max(best, hi - lo + 1);
  }
  return best;
}
