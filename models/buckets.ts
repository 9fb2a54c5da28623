/** Delay buckets of the model's target: days late = settlement date - due date. */
export const BUCKETS = [
  'on_time',
  'late_1_15',
  'late_16_30',
  'late_31_60',
  'late_61_90',
  'late_over_90',
] as const;
export type Bucket = (typeof BUCKETS)[number];

/** Day range of each bucket on the clipped scale [-60, 365] used for within-bucket distributions. */
export const BUCKET_RANGES: readonly [number, number][] = [
  [-60, 0],
  [1, 15],
  [16, 30],
  [31, 60],
  [61, 90],
  [91, 365],
];
const MIN_DAY = -60;
const MAX_DAY = 365;

export function bucketOf(daysLate: number): number {
  if (daysLate <= 0) return 0;
  if (daysLate <= 15) return 1;
  if (daysLate <= 30) return 2;
  if (daysLate <= 60) return 3;
  if (daysLate <= 90) return 4;
  return 5;
}

/** Distribution of days late inside each bucket, learnt from the training invoices (Laplace-smoothed). */
export interface DayPmf {
  buckets: number[][];
}

export function fitDayPmf(daysLate: ArrayLike<number>): DayPmf {
  const buckets = BUCKET_RANGES.map(([lo, hi]) => Array<number>(hi - lo + 1).fill(0.5));
  for (let i = 0; i < daysLate.length; i++) {
    const d = Math.max(MIN_DAY, Math.min(MAX_DAY, Math.round(daysLate[i]!)));
    const b = bucketOf(d);
    buckets[b]![d - BUCKET_RANGES[b]![0]]! += 1;
  }
  return { buckets: buckets.map((counts) => normalise(counts)) };
}

export interface DelayOutcome {
  pLate: number;
  pLate30: number;
  expectedDaysLate: number;
}

/**
 * Survival tables of the days-late distribution: for a bucket probability vector p, S(x) = P(L > x) and
 * E(x) = E[max(L, 0); L > x]. They give P(late), P(late > 30) and expected days late, unconditionally or for an
 * invoice still open `daysPastDue` days after its due date (conditioning on L > daysPastDue).
 */
export class DelayTables {
  private readonly survival: Float64Array[];
  private readonly partial: Float64Array[];

  constructor(pmf: DayPmf) {
    const size = MAX_DAY - MIN_DAY + 2;
    this.survival = pmf.buckets.map(() => new Float64Array(size));
    this.partial = pmf.buckets.map(() => new Float64Array(size));
    pmf.buckets.forEach((probs, b) => {
      const [lo] = BUCKET_RANGES[b]!;
      let s = 0;
      let e = 0;
      // index j holds x = MIN_DAY - 1 + j; walk down from the top.
      for (let j = size - 1; j >= 0; j--) {
        this.survival[b]![j] = s;
        this.partial[b]![j] = e;
        const day = MIN_DAY - 1 + j;
        const q = probs[day - lo];
        if (q !== undefined) {
          s += q;
          e += q * Math.max(day, 0);
        }
      }
    });
  }

  /** Outcomes from bucket probabilities `p` (6 values from `offset`), given the invoice is still open at dpd. */
  outcome(p: ArrayLike<number>, offset = 0, daysPastDue = -Infinity): DelayOutcome {
    const at = (x: number) => this.index(x);
    const d = daysPastDue;
    const surv = (x: number) => this.mix(p, offset, this.survival, at(x));
    const base = d < MIN_DAY ? 1 : surv(d);
    if (base < 1e-9) {
      return { pLate: d >= 0 ? 1 : 0, pLate30: d >= 30 ? 1 : 0, expectedDaysLate: Math.max(d, 0) + 30 };
    }
    const from = d < MIN_DAY ? MIN_DAY - 1 : d;
    return {
      pLate: clamp01(surv(Math.max(0, from)) / base),
      pLate30: clamp01(surv(Math.max(30, from)) / base),
      expectedDaysLate: this.mix(p, offset, this.partial, at(from)) / base,
    };
  }

  private index(x: number): number {
    return Math.max(0, Math.min(MAX_DAY - MIN_DAY + 1, Math.floor(x) - (MIN_DAY - 1)));
  }

  private mix(p: ArrayLike<number>, offset: number, tables: Float64Array[], index: number): number {
    let total = 0;
    for (let b = 0; b < tables.length; b++) total += p[offset + b]! * tables[b]![index]!;
    return total;
  }
}

function normalise(values: number[]): number[] {
  const total = values.reduce((a, b) => a + b, 0);
  return values.map((v) => v / total);
}

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}
