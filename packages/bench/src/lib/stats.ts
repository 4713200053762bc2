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
