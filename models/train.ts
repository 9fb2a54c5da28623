import type { Warehouse } from '../warehouse/db.js';
import { findLastFactDate } from '../warehouse/features/scope.queries.js';
import type { Column } from '../warehouse/features/session.js';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { loadIssueDataset, withFeatureSession } from './datasets.js';
import {
  MIN_TRAINING_ROWS,
  deriveOutcomes,
  fitDelayModel,
  predictDelay,
  type DelayFit,
} from './delay-model.js';
import { DEFAULT_WINDOW, DELAY_COLUMNS, describeTrainingRows, type TrainingWindow } from './evaluate.js';
import {
  DEFAULT_TIMING_TRAINING,
  TIMING_COLUMNS,
  fitTimingAt,
  type TimingTrainingOptions,
} from './forecast-evaluate.js';
import { computeAuc, computeBrier } from './metrics.js';
import { loadChampion, saveVersion, type BinaryMetrics, type ModelVersion } from './registry.js';
import { computeRiskRows } from './risk.js';
import { fitThresholds } from './risk-classes.js';
import type { TimingFit } from './timing-model.js';

export interface TrainOptions {
  modelsDir: string;
  /** Training cutoff (default: the last date with ledger facts). */
  asOf?: string;
  companyId?: string;
  window?: Partial<TrainingWindow>;
  timing?: Partial<TimingTrainingOptions>;
  backend?: BackendChoice;
  log?: Log;
}

/**
 * Trains a new version at a cutoff: the delay model (invoices settled by then), the timing model (snapshots of the
 * open book), the risk-class thresholds; saves it in the registry and promotes it to champion only if, on the
 * time-ordered validation slice, it beats the customer-history baseline and the current champion (AUC and Brier).
 */
export async function trainModel(db: Warehouse, options: TrainOptions): Promise<ModelVersion> {
  const started = Date.now();
  const backend = await selectBackend(options.backend);
  const window = { ...DEFAULT_WINDOW, ...options.window };
  const timingOptions = {
    ...DEFAULT_TIMING_TRAINING,
    ...options.timing,
    seed: options.timing?.seed ?? window.seed,
  };
  return withFeatureSession(db, { companyId: options.companyId }, async (session) => {
    const asOf = options.asOf ?? (await findLastFactDate(session));
    if (!asOf)
      throw new EncoursError(
        'bad_input',
        'the warehouse holds no invoices: import a ledger first (`encours import ...`)',
      );
    const timings: Record<string, number> = { features: 0 };
    let t = Date.now();
    const data = await loadIssueDataset(session, describeTrainingRows(asOf, window), DELAY_COLUMNS, {
      maxRows: window.maxRows,
      seed: window.seed,
    });
    timings.delayFeatures = Date.now() - t;
    if (data.n < MIN_TRAINING_ROWS) {
      throw new EncoursError(
        'bad_input',
        `only ${data.n} invoices were settled and due ${window.horizonDays} days before ${asOf}; at least ${MIN_TRAINING_ROWS} are needed: load more history or pass a later --as-of`,
      );
    }
    t = Date.now();
    const fit = await fitDelayModel(data.columns, data.daysLate, { seed: window.seed });
    timings.delayTraining = Date.now() - t;
    options.log?.info(
      { rows: data.n, epochs: fit.model.training.epochs, validation: fit.validation },
      'delay model trained',
    );
    const champion = loadChampion(options.modelsDir);
    const championMetrics = champion
      ? scoreChampion(champion, data.columns, data.daysLate, fit.validation.n)
      : null;
    t = Date.now();
    const timing = await fitTimingAt(session, asOf, timingOptions).catch((error: unknown) => {
      if (error instanceof EncoursError) {
        options.log?.warn(
          { reason: error.message },
          'no timing model: the forecast will use the average-delay placement',
        );
        return null;
      }
      throw error;
    });
    timings.timingTraining = Date.now() - t;
    t = Date.now();
    const rows = await computeRiskRows(session, fit.model, [0, 0, 0, 0], asOf);
    const thresholds = fitThresholds(rows.filter((r) => r.company_id === '*').map((r) => r.risk_score));
    timings.thresholds = Date.now() - t;
    const decision = decidePromotion(fit, championMetrics);
    timings.total = Date.now() - started;
    return saveVersion(options.modelsDir, {
      createdAt: new Date().toISOString(),
      asOf,
      companyId: options.companyId ?? null,
      seed: window.seed,
      backend,
      dataWindow: {
        from: data.issueDates[0] ?? null,
        to: asOf,
        delayRows: data.n,
        timingRows: timing ? timing.model.training.rows + timing.model.training.validRows : 0,
        horizonDays: window.horizonDays,
        sampled: data.sampled,
      },
      features: { delay: DELAY_COLUMNS, timing: timing ? TIMING_COLUMNS : [] },
      metrics: {
        delay: { ...fit.validation, champion: championMetrics },
        timing: timing ? describeTiming(timing) : null,
      },
      thresholds: { riskClasses: thresholds },
      promoted: decision.promoted,
      promotionReason: decision.reason,
      timingsMs: timings,
      delay: fit.model,
      timing: timing?.model ?? null,
    });
  });
}

function describeTiming(fit: TimingFit) {
  return { n: fit.validation.n, wape: fit.validation.wape, dueDateWape: fit.validation.dueDateWape };
}

/** The champion's AUC and Brier on the new validation slice (the last `validRows` rows), or null if it cannot score them. */
function scoreChampion(
  champion: ModelVersion,
  columns: Record<string, Column>,
  daysLate: number[],
  validRows: number,
): BinaryMetrics | null {
  const needed = [...champion.delay.encoder.numeric, ...champion.delay.encoder.categorical].map(
    (f) => f.name,
  );
  if (!needed.every((name) => columns[name])) return null;
  const from = daysLate.length - validRows;
  const slice = Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v.slice(from)]));
  const probs = predictDelay(champion.delay, slice, validRows);
  const { pLate } = deriveOutcomes(champion.delay, probs, validRows);
  const labels = daysLate.slice(from).map((d) => (d > 0 ? 1 : 0));
  return { auc: computeAuc(pLate, labels), brier: computeBrier(pLate, labels) };
}

function decidePromotion(
  fit: DelayFit,
  champion: BinaryMetrics | null,
): { promoted: boolean; reason: string } {
  const m = fit.validation.model;
  const h = fit.validation.customerHistory;
  if (!beats(m, h))
    return {
      promoted: false,
      reason: `does not beat the customer-history baseline on validation (AUC ${fmt(m.auc)} vs ${fmt(h.auc)}, Brier ${fmt(m.brier)} vs ${fmt(h.brier)})`,
    };
  if (champion && !beats(m, champion))
    return {
      promoted: false,
      reason: `does not beat the champion on validation (AUC ${fmt(m.auc)} vs ${fmt(champion.auc)}, Brier ${fmt(m.brier)} vs ${fmt(champion.brier)})`,
    };
  return {
    promoted: true,
    reason: champion
      ? 'beats the customer-history baseline and the champion on validation'
      : 'beats the customer-history baseline on validation (no champion yet)',
  };
}

/** Higher AUC (or equal) and strictly lower Brier. */
function beats(a: BinaryMetrics, b: BinaryMetrics): boolean {
  if (a.auc === null || a.brier === null) return false;
  return (b.auc === null || a.auc >= b.auc) && (b.brier === null || a.brier < b.brier);
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}
