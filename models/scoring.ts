import { bumpDataGeneration } from '../warehouse/data-generation.js';
import type { Warehouse } from '../warehouse/db.js';
import { findLastFactDate } from '../warehouse/features/scope.queries.js';
import { replaceScores } from '../warehouse/features/scores.queries.js';
import { readForecastMarkers, type ForecastMarkers } from '../warehouse/features/stored-forecast.queries.js';
import type { AppendColumn } from '../warehouse/features/session.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { BUCKETS } from './buckets.js';
import { withFeatureSession } from './datasets.js';
import { computeForecastInSession, type CashForecast } from './forecast.js';
import { loadChampion, requireChampion } from './registry.js';
import { trainModel } from './train.js';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import { computeRiskRows, scoreOpenItems, type RiskRow } from './risk.js';

export interface ScoreOptions {
  modelsDir: string;
  reportingCurrency: string;
  asOf?: string;
  backend?: BackendChoice;
  /**
   * Without a champion: 'fail' (not_found error, the default), 'skip' (report skipped, write nothing) or 'train'
   * (train a first model at asOf, then score; skipped when the history is too short to train).
   */
  ifNoModel?: 'fail' | 'skip' | 'train';
  log?: Log;
}

export interface ScoreReport {
  /** Set when nothing was scored (no model, and none could or should be trained). */
  skipped?: string;
  asOf: string;
  modelVersion: string;
  backend: string;
  invoices: number;
  customers: number;
  forecastMethod: CashForecast['method'];
  timingsMs: Record<string, number>;
}

/**
 * The nightly pipeline's "score" stage: scores every invoice open at the end of asOf with the champion, computes each
 * customer's class, profile and reasons (per company and for the group) and the 13-week forecast, and writes them as
 * the facts of that date (marts.customer_scores, marts.invoice_scores, marts.cash_forecast), replacing an earlier
 * run of the same date.
 */
export async function scoreOpenInvoices(db: Warehouse, options: ScoreOptions): Promise<ScoreReport> {
  if (!loadChampion(options.modelsDir) && (options.ifNoModel ?? 'fail') !== 'fail') {
    const skipped = await trainFirstModel(db, options);
    if (skipped) {
      return {
        skipped,
        asOf: options.asOf ?? '',
        modelVersion: '',
        backend: '',
        invoices: 0,
        customers: 0,
        forecastMethod: 'avg_delay',
        timingsMs: {},
      };
    }
  }
  const champion = requireChampion(options.modelsDir);
  const backend = await selectBackend(options.backend);
  const timings: Record<string, number> = {};
  let t = Date.now();
  // read before the facts: a load committed in between makes the stored forecast look out of date, never current
  const markers = await readForecastMarkers(db);
  const scored = await withFeatureSession(db, {}, async (session) => {
    const asOf = options.asOf ?? (await findLastFactDate(session)) ?? new Date().toISOString().slice(0, 10);
    const invoices = await scoreOpenItems(session, champion.delay, asOf);
    timings.invoices = Date.now() - t;
    t = Date.now();
    const rows = await computeRiskRows(
      session,
      champion.delay,
      champion.thresholds.riskClasses,
      asOf,
      invoices,
    );
    timings.customers = Date.now() - t;
    t = Date.now();
    const forecast = await computeForecastInSession(session, champion, { ...options, asOf, weeks: 13 });
    timings.forecast = Date.now() - t;
    t = Date.now();
    await replaceScores(session, asOf, {
      customers: customerColumns(asOf, rows, champion.version),
      invoices: invoiceColumns(asOf, invoices, champion.version),
      forecast: forecastColumns(forecast, markers),
    });
    return { asOf, invoices, rows, forecast };
  });
  bumpDataGeneration(db);
  const forecast = scored.forecast;
  timings.write = Date.now() - t;
  return {
    asOf: scored.asOf,
    modelVersion: champion.version,
    backend,
    invoices: scored.invoices.n,
    customers: scored.rows.filter((r) => r.company_id === '*').length,
    forecastMethod: forecast.method,
    timingsMs: timings,
  };
}

/** Trains a first model for ifNoModel 'train'; returns why nothing was scored, or null when a champion now exists. */
async function trainFirstModel(db: Warehouse, options: ScoreOptions): Promise<string | null> {
  if (options.ifNoModel === 'skip') return 'no trained model yet: run `encours model train`';
  try {
    const version = await trainModel(db, {
      modelsDir: options.modelsDir,
      asOf: options.asOf,
      backend: options.backend,
      log: options.log,
    });
    return version.promoted ? null : `the first model was not promoted: ${version.promotionReason}`;
  } catch (error) {
    if (error instanceof EncoursError && error.code === 'bad_input') return error.message;
    throw error;
  }
}

function customerColumns(asOf: string, rows: RiskRow[], version: string): AppendColumn[] {
  const v = (
    f: (r: RiskRow) => string | number | null,
    type: AppendColumn['type'] = 'varchar',
  ): AppendColumn => ({ type, values: rows.map(f) });
  return [
    v(() => asOf),
    v((r) => r.company_id),
    v((r) => r.customer_id),
    v((r) => r.risk_class),
    v((r) => r.model_class),
    v((r) => String(r.overridden)),
    v((r) => r.profile),
    v((r) => r.risk_score, 'double'),
    v((r) => r.p_late, 'double'),
    v((r) => r.p_late_30, 'double'),
    v((r) => r.expected_days_late, 'double'),
    v((r) => r.open_amount_text),
    v((r) => r.overdue_amount_text),
    v((r) => JSON.stringify(r.reasons)),
    v(() => version),
  ];
}

function invoiceColumns(
  asOf: string,
  s: Awaited<ReturnType<typeof scoreOpenItems>>,
  version: string,
): AppendColumn[] {
  const ids = s.ids;
  const n = s.n;
  const col = (
    values: ArrayLike<string | number | null>,
    type: AppendColumn['type'] = 'varchar',
  ): AppendColumn => ({ type, values });
  const bucket = (k: number) =>
    col(
      Float64Array.from({ length: n }, (_, i) => s.probs[i * BUCKETS.length + k]!),
      'double',
    );
  return [
    col(Array(n).fill(asOf)),
    col(ids.company_id!),
    col(ids.document_id!),
    col(ids.customer_id!),
    col(ids.currency!),
    col(ids.open_amount!.map((a) => Number(a).toFixed(2))),
    col(ids.days_past_due!, 'integer'),
    col(s.pLate, 'double'),
    col(s.pLate30, 'double'),
    col(s.expectedDaysLate, 'double'),
    ...BUCKETS.map((_, k) => bucket(k)),
    col(Array(n).fill(version)),
  ];
}

/** The rows of marts.cash_forecast for a forecast, as columns in the table's order. */
export function forecastColumns(f: CashForecast, markers: ForecastMarkers): AppendColumn[] {
  const series = [
    { ...f.consolidated, company_id: '*', currency: '*' },
    ...f.by_company.map((s) => ({ ...s, currency: '*' })),
    ...f.by_currency,
  ];
  const weeks = series.flatMap((s) => s.weeks.map((w) => ({ s, w })));
  const col = (
    fn: (x: (typeof weeks)[number]) => string | number | null,
    type: AppendColumn['type'] = 'varchar',
  ): AppendColumn => ({ type, values: weeks.map(fn) });
  return [
    col(() => f.asOf),
    col((x) => x.s.company_id),
    col((x) => x.s.currency),
    col((x) => x.w.week, 'integer'),
    col((x) => x.w.start),
    col((x) => x.w.end),
    col((x) => x.w.expected.toFixed(2)),
    col((x) => x.w.p10.toFixed(2)),
    col((x) => x.w.p50.toFixed(2)),
    col((x) => x.w.p90.toFixed(2)),
    col(() => f.method),
    col(() => f.model_version),
    col((x) => x.s.open_amount.toFixed(2)),
    col((x) => x.s.beyond.toFixed(2)),
    col(() => f.promises, 'integer'),
    col(() => markers.loadId),
    col(() => markers.promises),
  ];
}
