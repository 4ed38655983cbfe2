import fs from 'node:fs';

/** Resident set size of a process in MiB, from /proc (Linux); undefined once it is gone. */
function rssMiB(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Samples RSS every `everyMs` until stopped; returns first, peak and last readings. */
export function sampleRss(pid: number, everyMs = 250) {
  const samples: number[] = [];
  const take = () => {
    const v = rssMiB(pid);
    if (v !== undefined) samples.push(v);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return {
        first: samples[0] ?? 0,
        peak: Math.max(0, ...samples),
        last: samples.at(-1) ?? 0,
        samples: samples.length,
      };
    },
  };
}

/** Runs `fn` over `items` with at most `n` in flight. */
export async function pool<T>(
  items: T[],
  n: number,
  fn: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
