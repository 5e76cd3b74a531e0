/** What the load bench runs: developers, the concurrency steps and the streams' shape. */
export interface LoadPlan {
  developers: number;
  /** concurrent streams asked for, step by step */
  steps: number[];
  stepSeconds: number;
  /** output tokens per stream and the rate the stub writes them (a model writes roughly 30–80 a second) */
  tokens: number;
  perSecond: number;
}

export function loadStepPlan(short: boolean): LoadPlan {
  return short
    ? { developers: 40, steps: [10, 40, 80, 160], stepSeconds: 12, tokens: 100, perSecond: 50 }
    : { developers: 120, steps: [10, 40, 80, 160, 320, 480], stepSeconds: 30, tokens: 300, perSecond: 50 };
}
