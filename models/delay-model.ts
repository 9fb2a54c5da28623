import type { Column } from '../warehouse/features/session.js';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../warehouse/features/point-features.queries.js';
import { scoreCustomerHistory } from './baselines.js';
import { BUCKETS, DelayTables, bucketOf, fitDayPmf, type DayPmf } from './buckets.js';
import { applyCalibration, fitCalibration, type Calibration } from './calibration.js';
import { encodeRows, fitEncoder, range, type EncoderSpec } from './encoder.js';
import { computeAuc, computeBrier } from './metrics.js';
import { DEFAULT_MLP, predictLogProbs, trainMlp, type MlpOptions, type MlpWeights } from './mlp.js';

/** Features that only make sense for an invoice seen after its issue date (the timing model uses them). */
export const SNAPSHOT_FEATURES = ['age_days', 'days_past_due', 'open_frac', 'log_open_amount'];
export const DELAY_NUMERIC = Object.keys(NUMERIC_FEATURES).filter((n) => !SNAPSHOT_FEATURES.includes(n));
export const DELAY_CATEGORICAL = Object.keys(CATEGORICAL_FEATURES).filter(
  (n) => !['asof_weekday', 'due_week', 'expected_week'].includes(n),
);
export const BASELINE_COLUMNS = ['raw_hist_n', 'raw_hist_late'];

/** The payment-delay model: bucket probabilities of an invoice scored at its issue date. */
export interface DelayModel {
  encoder: EncoderSpec;
  weights: MlpWeights;
  calibration: Calibration;
  dayPmf: DayPmf;
  classWeights: number[];
  /** Share of late invoices among the training rows (the prior baseline). */
  prior: number;
  training: { rows: number; validRows: number; epochs: number; bestEpoch: number; validLoss: number };
}

export interface BinaryScores {
  auc: number | null;
  brier: number | null;
}

export interface DelayFit {
  model: DelayModel;
  /** On the time-ordered validation slice: the model and the customer-history baseline. */
  validation: { n: number; model: BinaryScores; customerHistory: BinaryScores };
}

export const VALID_SHARE = 0.15;
export const MIN_TRAINING_ROWS = 200;

/**
 * Fits the delay model on rows in time order (the last VALID_SHARE are the validation slice): class-weighted
 * cross-entropy, early stopping on the slice, then vector-scaling calibration on it.
 */
export async function fitDelayModel(
  columns: Record<string, Column>,
  daysLate: ArrayLike<number>,
  options: Partial<MlpOptions> = {},
): Promise<DelayFit> {
  const n = daysLate.length;
  const split = Math.floor(n * (1 - VALID_SHARE));
  const trainRows = range(split);
  const validRows = range(n, split);
  const encoder = fitEncoder(columns, DELAY_NUMERIC, DELAY_CATEGORICAL, trainRows);
  const buckets = Array.from(daysLate, (d) => bucketOf(d));
  const classWeights = weighClasses(buckets.slice(0, split), BUCKETS.length);
  const set = (rows: Uint32Array) => ({
    x: encodeRows(encoder, columns, rows),
    y: oneHot(rows, buckets, BUCKETS.length),
    w: Float32Array.from(rows, (i) => classWeights[buckets[i]!]!),
    n: rows.length,
  });
  const train = set(trainRows);
  const valid = set(validRows);
  const result = await trainMlp(train, valid, encoder.size, BUCKETS.length, { ...DEFAULT_MLP, ...options });
  const validLogp = predictLogProbs(result.weights, valid.x, valid.n);
  const calibration = fitCalibration(validLogp, valid.y, valid.n, BUCKETS.length);
  const late = buckets.map((b) => (b > 0 ? 1 : 0));
  const prior = late.slice(0, split).reduce((a: number, b) => a + b, 0) / Math.max(split, 1);
  const model: DelayModel = {
    encoder,
    weights: result.weights,
    calibration,
    dayPmf: fitDayPmf(Array.from(trainRows, (i) => daysLate[i]!)),
    classWeights,
    prior,
    training: {
      rows: split,
      validRows: n - split,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      validLoss: result.validLoss,
    },
  };
  const probs = applyCalibration(calibration, validLogp, valid.n, BUCKETS.length);
  const pLate = Float64Array.from({ length: valid.n }, (_, i) => 1 - probs[i * BUCKETS.length]!);
  const labels = Array.from(validRows, (i) => late[i]!);
  const history = scoreCustomerHistory(columns, validRows, prior);
  return {
    model,
    validation: {
      n: valid.n,
      model: { auc: computeAuc(pLate, labels), brier: computeBrier(pLate, labels) },
      customerHistory: { auc: computeAuc(history, labels), brier: computeBrier(history, labels) },
    },
  };
}

/** Calibrated bucket probabilities (rows × 6) for feature columns of `rows` points. */
export function predictDelay(model: DelayModel, columns: Record<string, Column>, rows: number): Float32Array {
  const x = encodeRows(model.encoder, columns, range(rows));
  const logp = predictLogProbs(model.weights, x, rows);
  return applyCalibration(model.calibration, logp, rows, BUCKETS.length);
}

export interface InvoiceOutcome {
  pLate: Float64Array;
  pLate30: Float64Array;
  expectedDaysLate: Float64Array;
}

/** P(late), P(late > 30) and expected days late per row; with daysPastDue, conditional on still being open. */
export function deriveOutcomes(
  model: DelayModel,
  probs: Float32Array,
  rows: number,
  daysPastDue?: ArrayLike<number>,
): InvoiceOutcome {
  const tables = new DelayTables(model.dayPmf);
  const out = {
    pLate: new Float64Array(rows),
    pLate30: new Float64Array(rows),
    expectedDaysLate: new Float64Array(rows),
  };
  for (let i = 0; i < rows; i++) {
    const o = tables.outcome(probs, i * BUCKETS.length, daysPastDue ? daysPastDue[i]! : -Infinity);
    out.pLate[i] = o.pLate;
    out.pLate30[i] = o.pLate30;
    out.expectedDaysLate[i] = o.expectedDaysLate;
  }
  return out;
}

/** Class weights (n / (K n_k))^0.5, clipped to [0.5, 4]: rare buckets count more without swamping the rest. */
function weighClasses(labels: number[], classes: number, power = 0.5): number[] {
  const counts = Array<number>(classes).fill(0);
  for (const b of labels) counts[b]!++;
  return counts.map((c) => Math.min(4, Math.max(0.5, (labels.length / (classes * Math.max(c, 1))) ** power)));
}

function oneHot(rows: Uint32Array, labels: number[], classes: number): Float32Array {
  const y = new Float32Array(rows.length * classes);
  rows.forEach((row, i) => (y[i * classes + labels[row]!] = 1));
  return y;
}
