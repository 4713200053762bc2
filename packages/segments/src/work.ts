// A step counter threaded through the parser's loops, so a test can check that the work done
// grows linearly with the input, deterministically (time is too noisy to assert on). Loops add
// their step count once, at the end, so counting costs next to nothing when nobody reads it.

export interface Work {
  /** Basic steps taken: loop iterations of the parser, plus modelled library costs (see uses). */
  steps: number;
}

export const newWork = (): Work => ({ steps: 0 });
