import { describe, expect, it } from 'vitest';
import { createRng } from './random.js';
import { simulateWeeklyTotals } from './quantiles.js';

describe('weekly totals with percentiles', () => {
  it('are exact for certain payments and ordered for uncertain ones', () => {
    const probs = Float32Array.from([1, 0, 0, 0, 0.5, 0.5]);
    const d = simulateWeeklyTotals([100, 40], probs, [0, 1], 3, 2, { seed: 3 });
    expect(d.expected).toEqual([100, 20]);
    expect(d.beyond).toBeCloseTo(20, 6);
    expect(d.p10[0]).toBe(100);
    expect(d.p90[0]).toBe(100);
    expect(d.p10[1]).toBe(0);
    expect(d.p90[1]).toBe(40);
  });

  it('Monte Carlo and the normal approximation agree on many invoices', () => {
    const rng = createRng(5);
    const n = 3000;
    const classes = 5;
    const probs = new Float32Array(n * classes);
    const amounts = Array.from({ length: n }, () => 100 + 900 * rng.next());
    for (let i = 0; i < n; i++) {
      const w = Array.from({ length: classes }, () => rng.next());
      const s = w.reduce((a, b) => a + b, 0);
      w.forEach((x, k) => (probs[i * classes + k] = x / s));
    }
    const rows = Array.from({ length: n }, (_, i) => i);
    const mc = simulateWeeklyTotals(amounts, probs, rows, classes, 4, { simulations: 1000, seed: 1 });
    const normal = simulateWeeklyTotals(amounts, probs, rows, classes, 4, { simulations: 1000, maxDraws: 0 });
    for (let k = 0; k < 4; k++) {
      expect(mc.p10[k]!).toBeLessThan(mc.p50[k]!);
      expect(mc.p50[k]!).toBeLessThan(mc.p90[k]!);
      expect(Math.abs(mc.p10[k]! - normal.p10[k]!) / normal.expected[k]!).toBeLessThan(0.02);
      expect(Math.abs(mc.p90[k]! - normal.p90[k]!) / normal.expected[k]!).toBeLessThan(0.02);
    }
  });
});
