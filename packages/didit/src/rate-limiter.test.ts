import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maxInWindow } from '../test/windows.ts';
import { DiditRateLimiter, type RateKind, rateLimiterFor } from './rate-limiter.ts';

const WINDOW = 60_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');

/** Virtual time: `sleep` parks a timer, `run` jumps the clock from timer to timer until nothing is pending. */
function virtualTime() {
  let now = T0;
  let seq = 0;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  const settle = async () => {
    for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    clock: { now: () => new Date(now) },
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        timers.push({ at: now + Math.max(0, ms), seq: seq++, resolve });
      }),
    get now() {
      return now;
    },
    async run() {
      await settle();
      while (timers.length > 0) {
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const t = timers.shift()!;
        now = Math.max(now, t.at);
        t.resolve();
        await settle();
      }
    },
  };
}

const arrival = fc.record({
  at: fc.integer({ min: 0, max: 5 * WINDOW }),
  kind: fc.constantFrom<RateKind>('get', 'write'),
});

describe('DiditRateLimiter (virtual clock)', () => {
  it('never lets more than N requests start in any 60 s window, and serves everyone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.array(arrival, { maxLength: 120 }),
        fc.array(
          fc.record({
            at: fc.integer({ min: 0, max: 5 * WINDOW }),
            len: fc.integer({ min: 1, max: 90_000 }),
          }),
          {
            maxLength: 3,
          },
        ),
        async (getN, writeN, arrivals, pauses) => {
          const vt = virtualTime();
          const limiter = new DiditRateLimiter({
            getPerMinute: getN,
            writePerMinute: writeN,
            clock: vt.clock,
            sleep: vt.sleep,
          });
          const starts: Record<RateKind, number[]> = { get: [], write: [] };
          const pauseWindows: [number, number][] = [];
          for (const p of pauses) {
            void vt.sleep(p.at).then(() => {
              limiter.pauseUntil(vt.now + p.len);
              pauseWindows.push([vt.now, vt.now + p.len]);
            });
          }
          for (const a of arrivals) {
            void vt
              .sleep(a.at)
              .then(() => limiter.acquire(a.kind))
              .then(() => starts[a.kind].push(vt.now));
          }
          await vt.run();
          expect(starts.get.length + starts.write.length).toBe(arrivals.length);
          expect(maxInWindow(starts.get, WINDOW)).toBeLessThanOrEqual(getN);
          expect(maxInWindow(starts.write, WINDOW)).toBeLessThanOrEqual(writeN);
          // Nothing starts inside a pause announced before it.
          for (const t of [...starts.get, ...starts.write]) {
            for (const [from, to] of pauseWindows) expect(t > from && t < to).toBe(false);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('waits no longer than needed: starts follow the first-come model exactly', async () => {
    // With no pause, request i (in arrival order) starts at max(arrival, previous start, start[i-N] + span).
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.array(fc.integer({ min: 0, max: 4 * WINDOW }), { maxLength: 80 }),
        fc.integer({ min: 0, max: 1000 }),
        async (n, offsets, marginMs) => {
          const vt = virtualTime();
          const limiter = new DiditRateLimiter({
            getPerMinute: n,
            clock: vt.clock,
            sleep: vt.sleep,
            marginMs,
          });
          const observed: number[] = [];
          const waits: number[] = [];
          for (const at of offsets) {
            void vt
              .sleep(at)
              .then(() => limiter.acquire('get'))
              .then((w) => {
                observed.push(vt.now);
                waits.push(w);
              });
          }
          await vt.run();
          const span = WINDOW + marginMs;
          const sorted = [...offsets].sort((a, b) => a - b).map((o) => T0 + o);
          const expected: number[] = [];
          sorted.forEach((arr, i) => {
            let t = arr;
            if (i > 0) t = Math.max(t, expected[i - 1]!);
            if (i >= n) t = Math.max(t, expected[i - n]! + span);
            expected.push(t);
          });
          expect(observed).toEqual(expected);
          // The reported wait is start minus arrival.
          expect(waits.reduce((a, b) => a + b, 0)).toBe(expected.reduce((a, t, i) => a + t - sorted[i]!, 0));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('keeps GET and write budgets apart', async () => {
    const vt = virtualTime();
    const limiter = new DiditRateLimiter({
      getPerMinute: 2,
      writePerMinute: 1,
      clock: vt.clock,
      sleep: vt.sleep,
    });
    const log: string[] = [];
    for (const k of ['get', 'get', 'write', 'get', 'write'] as const) {
      void limiter.acquire(k).then(() => log.push(`${k}@${vt.now - T0}`));
    }
    await vt.run();
    expect(log.filter((l) => l.startsWith('get'))).toEqual(['get@0', 'get@0', 'get@60250']);
    expect(log.filter((l) => l.startsWith('write'))).toEqual(['write@0', 'write@60250']);
  });

  it('pauseUntil holds both scopes, only extends, and shows in stats', async () => {
    const vt = virtualTime();
    const limiter = new DiditRateLimiter({ clock: vt.clock, sleep: vt.sleep });
    limiter.pauseUntil(T0 + 5_000);
    limiter.pauseUntil(T0 + 2_000); // an earlier reset must not shorten the pause
    expect(limiter.stats().pausedUntil).toBe(T0 + 5_000);
    const got: [string, number, number][] = [];
    void limiter.acquire('get').then((w) => got.push(['get', vt.now - T0, w]));
    void limiter.acquire('write').then((w) => got.push(['write', vt.now - T0, w]));
    await vt.run();
    expect(got).toEqual([
      ['get', 5_000, 5_000],
      ['write', 5_000, 5_000],
    ]);
    const stats = limiter.stats();
    expect(stats.pausedUntil).toBeNull();
    expect(stats.get).toMatchObject({ limit: 600, inWindow: 1, waiting: 0, acquired: 1 });
    expect(stats.write).toMatchObject({ limit: 300, inWindow: 1, waiting: 0, acquired: 1 });
    expect(stats.totalWaitedMs).toBe(10_000);
  });

  it('a pause announced while callers wait for a slot delays them further', async () => {
    const vt = virtualTime();
    const limiter = new DiditRateLimiter({ getPerMinute: 1, clock: vt.clock, sleep: vt.sleep, marginMs: 0 });
    const at: number[] = [];
    void limiter.acquire('get').then(() => at.push(vt.now - T0));
    void limiter.acquire('get').then(() => at.push(vt.now - T0));
    void vt.sleep(1_000).then(() => limiter.pauseUntil(vt.now + 90_000));
    await vt.run();
    expect(at).toEqual([0, 91_000]);
  });

  it('rejects nonsense limits', () => {
    expect(() => new DiditRateLimiter({ getPerMinute: 0 })).toThrow(RangeError);
    expect(() => new DiditRateLimiter({ writePerMinute: 1.5 })).toThrow(RangeError);
  });
});

describe('rateLimiterFor', () => {
  it('gives every caller of one key the same limiter, another key its own, and never stores the key', () => {
    const registry = new Map<string, DiditRateLimiter>();
    const a1 = rateLimiterFor('key-aaaaaaaa', registry);
    const a2 = rateLimiterFor('key-aaaaaaaa', registry);
    const b = rateLimiterFor('key-bbbbbbbb', registry);
    expect(a1).toBe(a2);
    expect(b).not.toBe(a1);
    expect(registry.size).toBe(2);
    for (const k of registry.keys()) expect(k).not.toContain('key-');
  });

  it('two concurrent callers sharing one key draw from one budget', async () => {
    const vt = virtualTime();
    const registry = new Map<string, DiditRateLimiter>();
    const opts = { getPerMinute: 3, clock: vt.clock, sleep: vt.sleep, marginMs: 0 };
    const callerA = rateLimiterFor('shared-key', registry, opts);
    const callerB = rateLimiterFor('shared-key', registry, opts);
    const starts: number[] = [];
    for (let i = 0; i < 4; i++) {
      void callerA.acquire('get').then(() => starts.push(vt.now - T0));
      void callerB.acquire('get').then(() => starts.push(vt.now - T0));
    }
    await vt.run();
    expect(starts).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000, 120_000]);
  });
});
