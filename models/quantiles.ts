import { createRng } from './random.js';

export interface WeeklyDistribution {
  expected: number[];
  p10: number[];
  p50: number[];
  p90: number[];
  /** Expected amount paid after the horizon or never. */
  beyond: number;
}

/**
 * Weekly totals of independent invoices, each paid whole in one week (or later) with probabilities `probs`
 * (row i: weeks 1..weeks then "later" at index `classes - 1`). Percentiles by seeded Monte Carlo when
 * invoices x simulations stays small, else by the normal approximation (sum of many independent terms).
 */
export function simulateWeeklyTotals(
  amounts: ArrayLike<number>,
  probs: Float32Array,
  rows: ArrayLike<number>,
  classes: number,
  weeks: number,
  options: { simulations?: number; seed?: number; maxDraws?: number } = {},
): WeeklyDistribution {
  const expected = Array<number>(weeks).fill(0);
  const variance = Array<number>(weeks).fill(0);
  let beyond = 0;
  for (let r = 0; r < rows.length; r++) {
    const i = rows[r]!;
    const a = amounts[i]!;
    let inside = 0;
    for (let k = 0; k < weeks; k++) {
      const p = probs[i * classes + k]!;
      expected[k] = expected[k]! + a * p;
      variance[k] = variance[k]! + a * a * p * (1 - p);
      inside += p;
    }
    beyond += a * Math.max(0, 1 - inside);
  }
  const simulations = options.simulations ?? 1000;
  if (rows.length * simulations > (options.maxDraws ?? 5_000_000)) {
    const q = (z: number) => expected.map((m, k) => Math.max(0, m + z * Math.sqrt(variance[k]!)));
    return { expected, p10: q(-1.2816), p50: q(0), p90: q(1.2816), beyond };
  }
  const rng = createRng(options.seed ?? 1);
  const totals = Array.from({ length: weeks }, () => new Float64Array(simulations));
  for (let s = 0; s < simulations; s++) {
    for (let r = 0; r < rows.length; r++) {
      const i = rows[r]!;
      let u = rng.next();
      for (let k = 0; k < weeks; k++) {
        u -= probs[i * classes + k]!;
        if (u < 0) {
          totals[k]![s] = totals[k]![s]! + amounts[i]!;
          break;
        }
      }
    }
  }
  const pick = (q: number) =>
    totals.map((t) => {
      const sorted = Float64Array.from(t).sort();
      return sorted[Math.round(q * (simulations - 1))]!;
    });
  return { expected, p10: pick(0.1), p50: pick(0.5), p90: pick(0.9), beyond };
}
