// Order statistics for benchmark and load samples (nearest-rank on the sorted samples).
export interface Stats {
  n: number;
  median: number;
  p50: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

export function stats(samples: readonly number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) =>
    s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]! : Number.NaN;
  return {
    n: s.length,
    median: at(0.5),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    min: s[0] ?? Number.NaN,
    max: s.at(-1) ?? Number.NaN,
  };
}

export const ms = (n: number) => (n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : n.toFixed(0));

export function machine(): string {
  // Imported lazily so this module stays usable in any runtime.
  return `${process.arch}, Node ${process.version}`;
}

/**
 * Times two ways of doing the same thing, alternating so both see the same machine load: `warmup`
 * rounds first (not kept), then `runs` kept rounds. Returns the stats of each side.
 */
export async function timeSideBySide(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  warmup = 2,
): Promise<[Stats, Stats]> {
  const as: number[] = [];
  const bs: number[] = [];
  for (let i = 0; i < runs + warmup; i++) {
    let t = performance.now();
    await a();
    const x = performance.now() - t;
    t = performance.now();
    await b();
    const y = performance.now() - t;
    if (i >= warmup) {
      as.push(x);
      bs.push(y);
    }
  }
  return [stats(as), stats(bs)];
}
