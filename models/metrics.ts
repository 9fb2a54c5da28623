/** Area under the ROC curve (Mann–Whitney, ties count half); null when one class is absent. */
export function computeAuc(scores: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!]) {
        positives++;
        rankSum += rank;
      }
    }
    i = j + 1;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function computeBrier(probs: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  if (probs.length === 0) return null;
  let total = 0;
  for (let i = 0; i < probs.length; i++) total += (probs[i]! - labels[i]!) ** 2;
  return total / probs.length;
}

export function computeLogLoss(probs: ArrayLike<number>, labels: ArrayLike<number>): number | null {
  if (probs.length === 0) return null;
  let total = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = Math.min(1 - 1e-15, Math.max(1e-15, probs[i]!));
    total -= labels[i]! ? Math.log(p) : Math.log(1 - p);
  }
  return total / probs.length;
}

export function computeMae(predicted: ArrayLike<number>, actual: ArrayLike<number>): number | null {
  if (predicted.length === 0) return null;
  let total = 0;
  for (let i = 0; i < predicted.length; i++) total += Math.abs(predicted[i]! - actual[i]!);
  return total / predicted.length;
}

/**
 * Expected calibration error: predictions in `bins` equal-width bins; the count-weighted mean of
 * |mean prediction - observed rate| per bin.
 */
export function computeCalibrationError(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  bins = 10,
): number | null {
  if (probs.length === 0) return null;
  const sums = new Float64Array(bins);
  const hits = new Float64Array(bins);
  const counts = new Float64Array(bins);
  for (let i = 0; i < probs.length; i++) {
    const b = Math.min(bins - 1, Math.floor(probs[i]! * bins));
    sums[b] = sums[b]! + probs[i]!;
    hits[b] = hits[b]! + labels[i]!;
    counts[b] = counts[b]! + 1;
  }
  let error = 0;
  for (let b = 0; b < bins; b++) if (counts[b]) error += Math.abs(sums[b]! - hits[b]!);
  return error / probs.length;
}

/** Weighted absolute percentage error: sum |forecast - actual| / sum actual over aligned series. */
export function computeWape(forecasts: number[][], actuals: number[][]): number | null {
  let error = 0;
  let total = 0;
  forecasts.forEach((series, i) => {
    series.forEach((f, k) => {
      const a = actuals[i]![k]!;
      error += Math.abs(f - a);
      total += a;
    });
  });
  return total > 0 ? error / total : null;
}

/** Rounds for reports (4 decimals by default); null stays null. */
export function roundMetric(value: number | null, digits = 4): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
