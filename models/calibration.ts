/**
 * Vector scaling (Guo et al. 2017): calibrated p = softmax(a * log p_model + b). One scale and one bias per class,
 * fitted on the time-ordered validation slice by minimising its log loss. It also undoes the prior shift that class
 * weights introduce during training (a bias of about -log weight per class).
 */
export interface Calibration {
  scale: number;
  bias: number[];
}

export function identityCalibration(classes: number): Calibration {
  return { scale: 1, bias: Array(classes).fill(0) };
}

export function fitCalibration(
  logp: Float32Array,
  y: Float32Array,
  rows: number,
  classes: number,
  iterations = 300,
): Calibration {
  if (rows === 0) return identityCalibration(classes);
  // The first 30,000 rows are plenty for 1 + classes parameters.
  const n = Math.min(rows, 30_000);
  const params = new Float64Array(classes + 1);
  params[0] = 1;
  const m = new Float64Array(classes + 1);
  const v = new Float64Array(classes + 1);
  const grad = new Float64Array(classes + 1);
  const probs = new Float64Array(classes);
  const rate = 0.05;
  for (let step = 1; step <= iterations; step++) {
    grad.fill(0);
    for (let i = 0; i < n; i++) {
      softmaxRow(logp, i, classes, params, probs);
      for (let k = 0; k < classes; k++) {
        const g = probs[k]! - y[i * classes + k]!;
        grad[0] = grad[0]! + g * logp[i * classes + k]!;
        grad[k + 1] = grad[k + 1]! + g;
      }
    }
    for (let j = 0; j <= classes; j++) {
      const g = grad[j]! / n;
      m[j] = 0.9 * m[j]! + 0.1 * g;
      v[j] = 0.999 * v[j]! + 0.001 * g * g;
      const mHat = m[j]! / (1 - 0.9 ** step);
      const vHat = v[j]! / (1 - 0.999 ** step);
      params[j] = params[j]! - (rate * mHat) / (Math.sqrt(vHat) + 1e-8);
    }
  }
  return { scale: params[0]!, bias: Array.from(params.subarray(1)) };
}

/** Calibrated probabilities (n × classes) from model log-probabilities. */
export function applyCalibration(
  calibration: Calibration,
  logp: Float32Array,
  n: number,
  classes: number,
): Float32Array {
  const params = Float64Array.from([calibration.scale, ...calibration.bias]);
  const out = new Float32Array(n * classes);
  const probs = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    softmaxRow(logp, i, classes, params, probs);
    for (let k = 0; k < classes; k++) out[i * classes + k] = probs[k]!;
  }
  return out;
}

function softmaxRow(
  logp: Float32Array,
  i: number,
  classes: number,
  params: Float64Array,
  out: Float64Array,
): void {
  let max = -Infinity;
  for (let k = 0; k < classes; k++) {
    out[k] = params[0]! * logp[i * classes + k]! + params[k + 1]!;
    if (out[k]! > max) max = out[k]!;
  }
  let sum = 0;
  for (let k = 0; k < classes; k++) sum += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < classes; k++) out[k] = out[k]! / sum;
}
