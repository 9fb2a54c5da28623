import { describe, expect, it } from 'vitest';
import { applyCalibration, fitCalibration } from './calibration.js';
import { createRng } from './random.js';

describe('vector-scaling calibration', () => {
  it('undoes a prior shift such as class weighting introduces', () => {
    const rng = createRng(9);
    const n = 20_000;
    const logp = new Float32Array(n * 2);
    const y = new Float32Array(n * 2);
    for (let i = 0; i < n; i++) {
      const truth = 0.05 + 0.5 * rng.next();
      // A model that saw class 1 weighted 3 times: odds inflated by 3.
      const shifted = (3 * truth) / (3 * truth + (1 - truth));
      logp[i * 2] = Math.log(1 - shifted);
      logp[i * 2 + 1] = Math.log(shifted);
      y[i * 2 + (rng.next() < truth ? 1 : 0)] = 1;
    }
    const cal = fitCalibration(logp, y, n, 2, 400);
    expect(cal.scale).toBeCloseTo(1, 1);
    expect(cal.bias[1]! - cal.bias[0]!).toBeCloseTo(-Math.log(3), 1);
    const p = applyCalibration(cal, Float32Array.from([Math.log(0.25), Math.log(0.75)]), 1, 2);
    expect(p[1]).toBeCloseTo(0.5, 1); // 0.75 with odds 3 was really 0.5
  });
});
