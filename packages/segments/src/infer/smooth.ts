// Smoothing: a hidden Markov model over the text passages, one state per POV character.
// Switching POV costs little at a scene break and much inside a scene, so evidence spreads
// along a scene and segments come out as runs. Forward–backward gives each passage's
// confidence (the posterior of the chosen character) and each boundary's (the posterior of
// that switch); Viterbi gives the runs. O(n·K²) for n passages and K characters.

export interface SmoothOptions {
  /** Probability of a switch between two passages of the same scene. */
  inScene: number;
  /** Probability of a switch across a scene break. */
  atBreak: number;
}

export interface Smoothed {
  path: number[];
  /** Posterior of path[t] at t. */
  confidence: number[];
  /** For t ≥ 1: posterior that the state changes from path[t-1] to path[t] exactly at t. */
  switchConfidence: number[];
}

/** `score[t][k]`: evidence points; `breakBefore[t]`: a scene break precedes passage t. */
export function smooth(
  score: number[][],
  breakBefore: boolean[],
  options: SmoothOptions,
  work: { steps: number },
): Smoothed {
  const n = score.length;
  const K = n ? score[0]!.length : 0;
  if (n === 0 || K === 0) return { path: [], confidence: [], switchConfidence: [] };
  work.steps += n * K * K * 4;
  const emit = score.map((row) => {
    const m = Math.max(...row);
    return row.map((x) => Math.exp(x - m));
  });
  const trans = (t: number, a: number, b: number): number => {
    if (K === 1) return 1;
    const p = breakBefore[t] ? options.atBreak : options.inScene;
    return a === b ? 1 - p : p / (K - 1);
  };
  // Forward with per-step scaling.
  const alpha: number[][] = [];
  let prev = emit[0]!.map((e) => e / K);
  prev = normalise(prev);
  alpha.push(prev);
  for (let t = 1; t < n; t++) {
    const row = new Array<number>(K).fill(0);
    for (let b = 0; b < K; b++) {
      let s = 0;
      for (let a = 0; a < K; a++) s += prev[a]! * trans(t, a, b);
      row[b] = s * emit[t]![b]!;
    }
    prev = normalise(row);
    alpha.push(prev);
  }
  const beta: number[][] = new Array<number[]>(n);
  beta[n - 1] = new Array<number>(K).fill(1);
  for (let t = n - 2; t >= 0; t--) {
    const row = new Array<number>(K).fill(0);
    for (let a = 0; a < K; a++) {
      let s = 0;
      for (let b = 0; b < K; b++) s += trans(t + 1, a, b) * emit[t + 1]![b]! * beta[t + 1]![b]!;
      row[a] = s;
    }
    beta[t] = normalise(row);
  }
  const gamma = alpha.map((a, t) => normalise(a.map((x, k) => x * beta[t]![k]!)));
  // Viterbi in log space.
  const logT = (t: number, a: number, b: number) => Math.log(trans(t, a, b));
  let v = emit[0]!.map((e) => Math.log(e + 1e-300));
  const back: number[][] = [];
  for (let t = 1; t < n; t++) {
    const nv = new Array<number>(K);
    const bp = new Array<number>(K);
    for (let b = 0; b < K; b++) {
      let best = -Infinity;
      let arg = 0;
      for (let a = 0; a < K; a++) {
        const x = v[a]! + logT(t, a, b);
        if (x > best) [best, arg] = [x, a];
      }
      nv[b] = best + Math.log(emit[t]![b]! + 1e-300);
      bp[b] = arg;
    }
    v = nv;
    back.push(bp);
  }
  const path = new Array<number>(n);
  path[n - 1] = v.indexOf(Math.max(...v));
  for (let t = n - 1; t > 0; t--) path[t - 1] = back[t - 1]![path[t]!]!;
  const confidence = path.map((k, t) => gamma[t]![k]!);
  const switchConfidence = path.map((b, t) => {
    if (t === 0) return 0;
    const a = path[t - 1]!;
    // ξ(a→b at t) = α[t-1][a]·T·e[t][b]·β[t][b], normalised over all pairs.
    let total = 0;
    let mine = 0;
    for (let x = 0; x < K; x++)
      for (let y = 0; y < K; y++) {
        const xi = alpha[t - 1]![x]! * trans(t, x, y) * emit[t]![y]! * beta[t]![y]!;
        total += xi;
        if (x === a && y === b) mine = xi;
      }
    return total > 0 ? mine / total : 0;
  });
  return { path, confidence, switchConfidence };
}

function normalise(row: number[]): number[] {
  const s = row.reduce((a, b) => a + b, 0);
  return s > 0 ? row.map((x) => x / s) : row.map(() => 1 / row.length);
}
