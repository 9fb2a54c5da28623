import { describe, expect, it } from 'vitest';
import { computeAuc, computeBrier, computeCalibrationError, computeLogLoss, computeWape } from './metrics.js';

describe('metrics', () => {
  it('AUC counts ties half and is null without both classes', () => {
    expect(computeAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 9);
    expect(computeAuc([0.5, 0.5, 0.5], [0, 1, 1])).toBeCloseTo(0.5, 9);
    expect(computeAuc([0.2, 0.3], [1, 1])).toBeNull();
  });

  it('Brier, log loss and calibration error on a hand example', () => {
    expect(computeBrier([0.8, 0.3], [1, 0])).toBeCloseTo((0.04 + 0.09) / 2, 9);
    expect(computeLogLoss([0.8, 0.3], [1, 0])).toBeCloseTo(-(Math.log(0.8) + Math.log(0.7)) / 2, 9);
    // Bin 0.2–0.3 holds 0.25 twice with one hit: |0.5 - 1| / 2.
    expect(computeCalibrationError([0.25, 0.25], [1, 0])).toBeCloseTo(0.25, 9);
  });

  it('WAPE sums absolute errors over cutoffs and weeks, over the sum of actuals', () => {
    expect(
      computeWape(
        [
          [10, 0],
          [5, 5],
        ],
        [
          [8, 2],
          [5, 0],
        ],
      ),
    ).toBeCloseTo((2 + 2 + 0 + 5) / 15, 9);
    expect(computeWape([[1]], [[0]])).toBeNull();
  });
});
