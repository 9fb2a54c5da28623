import type { Column } from '../warehouse/features/session.js';
import { CATEGORICAL_FEATURES, NUMERIC_FEATURES } from '../warehouse/features/point-features.queries.js';
import { applyCalibration, fitCalibration, type Calibration } from './calibration.js';
import { encodeRows, fitEncoder, range, type EncoderSpec } from './encoder.js';
import { computeWape } from './metrics.js';
import { DEFAULT_MLP, predictLogProbs, trainMlp, type MlpOptions, type MlpWeights } from './mlp.js';

export const TIMING_NUMERIC = Object.keys(NUMERIC_FEATURES);
export const TIMING_CATEGORICAL = Object.keys(CATEGORICAL_FEATURES);
/** Weeks the timing model predicts; the last class is "later or never". */
export const TIMING_WEEKS = 13;

/**
 * The payment-timing model behind the cash forecast: for an invoice open at a date s, the share of its open amount
 * paid in each week k = (s+7(k-1), s+7k], k = 1..13, and the share paid later or never (class 14).
 * Trained on snapshots of the open book at past dates, with rows weighted by the square root of their open amount.
 */
export interface TimingModel {
  weeks: number;
  encoder: EncoderSpec;
  weights: MlpWeights;
  calibration: Calibration;
  training: {
    rows: number;
    validRows: number;
    epochs: number;
    bestEpoch: number;
    validLoss: number;
    snapshots: number;
  };
}

export interface TimingDataset {
  n: number;
  columns: Record<string, Column>;
  /** n × (weeks + 1) shares of the open amount. */
  labels: Float32Array;
  /** Open amount in the reporting currency. */
  amounts: Float64Array;
  snapshots: string[];
}

export interface TimingFit {
  model: TimingModel;
  /** Validation slice: WAPE of the weekly totals per snapshot date (model vs due-date placement). */
  validation: { n: number; wape: number | null; dueDateWape: number | null };
}

const VALID_SHARE = 0.15;

export async function fitTimingModel(
  data: TimingDataset,
  weeks: number,
  options: Partial<MlpOptions> = {},
): Promise<TimingFit> {
  const classes = weeks + 1;
  const split = splitBySnapshot(data);
  const trainRows = range(split);
  const validRows = range(data.n, split);
  const encoder = fitEncoder(data.columns, TIMING_NUMERIC, TIMING_CATEGORICAL, trainRows);
  const scale = median(Array.from(trainRows, (i) => data.amounts[i]!)) || 1;
  const set = (rows: Uint32Array) => ({
    x: encodeRows(encoder, data.columns, rows),
    y: Float32Array.from(
      { length: rows.length * classes },
      (_, j) => data.labels[rows[Math.floor(j / classes)]! * classes + (j % classes)]!,
    ),
    w: Float32Array.from(rows, (i) => Math.min(10, Math.max(0.1, Math.sqrt(data.amounts[i]! / scale)))),
    n: rows.length,
  });
  const train = set(trainRows);
  const valid = set(validRows);
  const result = await trainMlp(train, valid, encoder.size, classes, {
    ...DEFAULT_MLP,
    seed: 7,
    patience: 3,
    ...options,
  });
  const validLogp = predictLogProbs(result.weights, valid.x, valid.n);
  const calibration = fitCalibration(validLogp, valid.y, valid.n, classes);
  const model: TimingModel = {
    weeks,
    encoder,
    weights: result.weights,
    calibration,
    training: {
      rows: split,
      validRows: data.n - split,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      validLoss: result.validLoss,
      snapshots: data.snapshots.length,
    },
  };
  const probs = applyCalibration(calibration, validLogp, valid.n, classes);
  return { model, validation: { n: valid.n, ...scoreValidation(data, validRows, probs, weeks) } };
}

/** Probabilities (rows × (weeks + 1)) of payment in each week for feature columns of `rows` points. */
export function predictTiming(
  model: TimingModel,
  columns: Record<string, Column>,
  rows: number,
): Float32Array {
  const x = encodeRows(model.encoder, columns, range(rows));
  const logp = predictLogProbs(model.weights, x, rows);
  return applyCalibration(model.calibration, logp, rows, model.weeks + 1);
}

/** Validation starts at the first point of the snapshot dates that hold the last VALID_SHARE of the points. */
function splitBySnapshot(data: TimingDataset): number {
  const snapshot = data.columns.snapshot!;
  let split = Math.floor(data.n * (1 - VALID_SHARE));
  while (split > 0 && snapshot[split - 1] === snapshot[split]) split--;
  return split;
}

function scoreValidation(data: TimingDataset, rows: Uint32Array, probs: Float32Array, weeks: number) {
  const classes = weeks + 1;
  const bySnapshot = new Map<string, { model: number[]; actual: number[]; due: number[] }>();
  const week = data.columns.due_week!;
  rows.forEach((row, i) => {
    const key = String(data.columns.snapshot![row]);
    const series = bySnapshot.get(key) ?? {
      model: Array(weeks).fill(0),
      actual: Array(weeks).fill(0),
      due: Array(weeks).fill(0),
    };
    bySnapshot.set(key, series);
    const amount = data.amounts[row]!;
    for (let k = 0; k < weeks; k++) {
      series.model[k] += amount * probs[i * classes + k]!;
      series.actual[k] += amount * data.labels[row * classes + k]!;
    }
    const dueWeek = Math.max(1, Number(week[row]));
    if (dueWeek <= weeks) series.due[dueWeek - 1] += amount;
  });
  const all = [...bySnapshot.values()];
  return {
    wape: computeWape(
      all.map((s) => s.model),
      all.map((s) => s.actual),
    ),
    dueDateWape: computeWape(
      all.map((s) => s.due),
      all.map((s) => s.actual),
    ),
  };
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
