import type { Warehouse } from '../warehouse/db.js';
import { sqlDate } from '../warehouse/features/session.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { scoreCustomerHistory, scorePrior } from './baselines.js';
import { BUCKETS, bucketOf } from './buckets.js';
import { loadIssueDataset, withFeatureSession } from './datasets.js';
import {
  BASELINE_COLUMNS,
  DELAY_CATEGORICAL,
  DELAY_NUMERIC,
  MIN_TRAINING_ROWS,
  deriveOutcomes,
  fitDelayModel,
  predictDelay,
} from './delay-model.js';
import { range } from './encoder.js';
import { computeAuc, computeBrier, computeLogLoss, computeMae, roundMetric } from './metrics.js';
import { EncoursError } from '../lib/errors.js';

/** What `encours model evaluate --json` prints. */
export interface EvaluationReport {
  cutoff: string;
  n_train: number;
  n_test: number;
  positive_rate_test: number | null;
  model: {
    auc: number | null;
    brier: number | null;
    log_loss: number | null;
    mae_days: number | null;
    bucket_accuracy: number | null;
  };
  baselines: {
    prior: { auc: number | null; brier: number | null };
    customer_history: { auc: number | null; brier: number | null };
  };
}

export interface TrainingWindow {
  /** Training invoices must be due this many days before the cutoff (their outcome is mostly known). */
  horizonDays: number;
  /** At most this many training invoices, drawn by a seeded hash (the newest are not favoured). */
  maxRows: number;
  seed: number;
}

export const DEFAULT_WINDOW: TrainingWindow = { horizonDays: 30, maxRows: 250_000, seed: 1 };

/** The training rows of a delay model at `cutoff`: invoices settled on or before it (and due `horizonDays` before). */
export function describeTrainingRows(cutoff: string, window: TrainingWindow): string {
  return `settled_date <= ${sqlDate(cutoff)} and due_date <= ${sqlDate(cutoff)} - ${Math.trunc(window.horizonDays)}`;
}

export const DELAY_COLUMNS = [...DELAY_NUMERIC, ...DELAY_CATEGORICAL, ...BASELINE_COLUMNS];

/**
 * Backtest at a cutoff C: train only on invoices settled on or before C; test on the invoices issued after C that are
 * settled, with features as known at each invoice's issue date; late = paid after the due date. Baselines on the same
 * split: the prior (training late rate) and the customer's share of late invoices settled before the issue date.
 */
export async function evaluateModel(
  db: Warehouse,
  options: {
    cutoff: string;
    companyId?: string;
    window?: Partial<TrainingWindow>;
    backend?: BackendChoice;
    maxTestRows?: number;
  },
): Promise<EvaluationReport> {
  await selectBackend(options.backend);
  const window = { ...DEFAULT_WINDOW, ...options.window };
  const c = sqlDate(options.cutoff);
  return withFeatureSession(db, { companyId: options.companyId }, async (session) => {
    const train = await loadIssueDataset(
      session,
      describeTrainingRows(options.cutoff, window),
      DELAY_COLUMNS,
      { maxRows: window.maxRows, seed: window.seed },
    );
    if (train.n < MIN_TRAINING_ROWS) {
      throw new EncoursError(
        'bad_input',
        `only ${train.n} invoices were settled by ${options.cutoff} (at least ${MIN_TRAINING_ROWS} are needed to train): choose a later --cutoff`,
      );
    }
    const fit = await fitDelayModel(train.columns, train.daysLate, { seed: window.seed });
    const test = await loadIssueDataset(
      session,
      `issue_date > ${c} and settled_date is not null`,
      DELAY_COLUMNS,
      { maxRows: options.maxTestRows ?? 200_000, seed: window.seed },
    );
    const probs = predictDelay(fit.model, test.columns, test.n);
    const outcomes = deriveOutcomes(fit.model, probs, test.n);
    const labels = test.daysLate.map((d) => (d > 0 ? 1 : 0));
    const actualDays = test.daysLate.map((d) => Math.max(d, 0));
    let hits = 0;
    for (let i = 0; i < test.n; i++)
      if (argmax(probs, i * BUCKETS.length, BUCKETS.length) === bucketOf(test.daysLate[i]!)) hits++;
    const prior = scorePrior(test.n, fit.model.prior);
    const history = scoreCustomerHistory(test.columns, range(test.n), fit.model.prior);
    const r = roundMetric;
    return {
      cutoff: options.cutoff,
      n_train: train.n,
      n_test: test.n,
      positive_rate_test: r(test.n ? labels.reduce((a: number, b) => a + b, 0) / test.n : null),
      model: {
        auc: r(computeAuc(outcomes.pLate, labels)),
        brier: r(computeBrier(outcomes.pLate, labels)),
        log_loss: r(computeLogLoss(outcomes.pLate, labels)),
        mae_days: r(computeMae(outcomes.expectedDaysLate, actualDays), 2),
        bucket_accuracy: r(test.n ? hits / test.n : null),
      },
      baselines: {
        prior: { auc: r(computeAuc(prior, labels)), brier: r(computeBrier(prior, labels)) },
        customer_history: { auc: r(computeAuc(history, labels)), brier: r(computeBrier(history, labels)) },
      },
    };
  });
}

function argmax(values: Float32Array, offset: number, size: number): number {
  let best = 0;
  for (let k = 1; k < size; k++) if (values[offset + k]! > values[offset + best]!) best = k;
  return best;
}
