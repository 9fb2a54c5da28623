import type { Warehouse } from '../warehouse/db.js';
import { computeBaselineSeries } from '../warehouse/features/forecast.queries.js';
import { computeFeatures } from '../warehouse/features/point-features.queries.js';
import { createOpenPoints } from '../warehouse/features/points.queries.js';
import type { Session } from '../warehouse/features/session.js';
import { listSnapshotDates } from '../warehouse/features/snapshots.queries.js';
import { EncoursError } from '../lib/errors.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { loadTimingDataset, predictInBatches, withFeatureSession } from './datasets.js';
import { computeWape, roundMetric } from './metrics.js';
import {
  TIMING_CATEGORICAL,
  TIMING_NUMERIC,
  TIMING_WEEKS,
  fitTimingModel,
  predictTiming,
  type TimingFit,
  type TimingModel,
} from './timing-model.js';

export interface ForecastEvaluation {
  weeks: number;
  cutoffs: { cutoff: string; actual: number[]; model: number[]; due_date: number[]; avg_delay: number[] }[];
  wape: { model: number | null; due_date: number | null; avg_delay: number | null };
}

export interface TimingTrainingOptions {
  seed: number;
  /** At most this many snapshot rows, drawn by a seeded hash. */
  maxRows: number;
}

export const DEFAULT_TIMING_TRAINING: TimingTrainingOptions = { seed: 1, maxRows: 120_000 };
export const TIMING_COLUMNS = [...TIMING_NUMERIC, ...TIMING_CATEGORICAL];
const MIN_TIMING_ROWS = 300;

/**
 * Backtest of the cash forecast: at each cutoff c, a timing model trained on facts up to c only forecasts the weekly
 * collections of the invoices open at c; compared with the actual cash allocated to them and the due-date and
 * average-delay baselines. WAPE = sum over cutoffs and weeks of |forecast - actual| / sum of actual.
 */
export async function evaluateForecast(
  db: Warehouse,
  options: {
    cutoffs: string[];
    weeks?: number;
    companyId?: string;
    training?: Partial<TimingTrainingOptions>;
    backend?: BackendChoice;
  },
): Promise<ForecastEvaluation> {
  await selectBackend(options.backend);
  const weeks = options.weeks ?? 8;
  if (weeks < 1 || weeks > TIMING_WEEKS)
    throw new EncoursError('bad_input', `--weeks must be from 1 to ${TIMING_WEEKS}, got ${weeks}`);
  const training = { ...DEFAULT_TIMING_TRAINING, ...options.training };
  return withFeatureSession(db, { companyId: options.companyId }, async (session) => {
    const cutoffs: ForecastEvaluation['cutoffs'] = [];
    for (const cutoff of [...options.cutoffs].sort()) {
      const model = await trainTimingAt(session, cutoff, training);
      const forecast = await forecastOpenItems(session, model, cutoff);
      const baselines = await computeBaselineSeries(session, cutoff, weeks);
      cutoffs.push({
        cutoff,
        actual: baselines.actual.map(cents),
        model: Array.from({ length: weeks }, (_, k) => cents(forecast.weekly[k]!)),
        due_date: baselines.dueDate.map(cents),
        avg_delay: baselines.avgDelay.map(cents),
      });
    }
    const actual = cutoffs.map((c) => c.actual);
    return {
      weeks,
      cutoffs,
      wape: {
        model: roundMetric(
          computeWape(
            cutoffs.map((c) => c.model),
            actual,
          ),
        ),
        due_date: roundMetric(
          computeWape(
            cutoffs.map((c) => c.due_date),
            actual,
          ),
        ),
        avg_delay: roundMetric(
          computeWape(
            cutoffs.map((c) => c.avg_delay),
            actual,
          ),
        ),
      },
    };
  });
}

/** Trains a timing model on snapshots whose 13 weeks end on or before the cutoff. */
export async function trainTimingAt(
  session: Session,
  cutoff: string,
  training: TimingTrainingOptions,
): Promise<TimingModel> {
  return (await fitTimingAt(session, cutoff, training)).model;
}

export async function fitTimingAt(
  session: Session,
  cutoff: string,
  training: TimingTrainingOptions,
): Promise<TimingFit> {
  const [first] = await session.all<{ d: string | null }>(
    'select (min(issue_date) + 30)::varchar as d from f_invoices',
  );
  const snapshots = first?.d ? listSnapshotDates(cutoff, first.d, TIMING_WEEKS) : [];
  const data = await loadTimingDataset(session, snapshots, TIMING_WEEKS, TIMING_COLUMNS, {
    maxRows: training.maxRows,
    seed: training.seed,
  });
  if (data.n < MIN_TIMING_ROWS) {
    throw new EncoursError(
      'bad_input',
      `only ${data.n} open-invoice snapshots are known ${TIMING_WEEKS} weeks before ${cutoff} (at least ${MIN_TIMING_ROWS} are needed to train the forecast): choose a later cutoff or load more history`,
    );
  }
  return fitTimingModel(data, TIMING_WEEKS, { seed: training.seed + 6 });
}

export interface OpenItemForecast {
  n: number;
  /** rows × (weeks + 1) probabilities. */
  probs: Float32Array;
  /** Expected cash per week over the model's horizon, reporting currency at each invoice's rate. */
  weekly: number[];
}

/** The timing model applied to the invoices open at the end of `asOf` (f_points is left holding them). */
export async function forecastOpenItems(
  session: Session,
  model: TimingModel,
  asOf: string,
): Promise<OpenItemForecast> {
  const n = await createOpenPoints(session, asOf);
  const weekly = Array<number>(model.weeks).fill(0);
  if (n === 0) return { n, probs: new Float32Array(0), weekly };
  await computeFeatures(session);
  const probs = await predictInBatches(session, TIMING_COLUMNS, n, model.weeks + 1, (columns, rows) =>
    predictTiming(model, columns, rows),
  );
  const amounts = (await session.columns('select open_amount * rate as a from f_points order by point_id'))
    .a!;
  const classes = model.weeks + 1;
  for (let i = 0; i < n; i++) {
    const amount = Number(amounts[i]);
    for (let k = 0; k < model.weeks; k++) weekly[k] = weekly[k]! + amount * probs[i * classes + k]!;
  }
  return { n, probs, weekly };
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
