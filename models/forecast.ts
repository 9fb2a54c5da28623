import type { Warehouse } from '../warehouse/db.js';
import { readPlacementWeeks } from '../warehouse/features/forecast.queries.js';
import { computeFeatures } from '../warehouse/features/point-features.queries.js';
import { createOpenPoints } from '../warehouse/features/points.queries.js';
import { readPromiseOverrides } from '../warehouse/features/promises.queries.js';
import { findLastFactDate } from '../warehouse/features/scope.queries.js';
import type { Column, Session } from '../warehouse/features/session.js';
import { addDays } from '../lib/dates.js';
import { EncoursError } from '../lib/errors.js';
import { selectBackend, type BackendChoice } from './backend.js';
import { predictInBatches, withFeatureSession, withScopeSession } from './datasets.js';
import { TIMING_COLUMNS } from './forecast-evaluate.js';
import { simulateWeeklyTotals } from './quantiles.js';
import { loadChampion, type ModelVersion } from './registry.js';
import { TIMING_WEEKS, predictTiming, type TimingModel } from './timing-model.js';

export interface ForecastWeek {
  week: number;
  start: string;
  end: string;
  expected: number;
  p10: number;
  p50: number;
  p90: number;
}

export interface ForecastSeries {
  company_id: string;
  currency: string;
  open_amount: number;
  weeks: ForecastWeek[];
  /** Expected to be paid after the horizon, or never. */
  beyond: number;
}

/** What `encours forecast --json` prints. */
export interface CashForecast {
  asOf: string;
  weeks: number;
  method: 'model' | 'avg_delay';
  model_version: string | null;
  reporting_currency: string;
  /** The group (or the --company) in the reporting currency. */
  consolidated: ForecastSeries;
  /** Each company in the reporting currency. */
  by_company: ForecastSeries[];
  /** Each company and document currency, in that currency. */
  by_currency: ForecastSeries[];
  promises: number;
}

export interface ForecastOptions {
  modelsDir: string;
  reportingCurrency: string;
  asOf?: string;
  weeks?: number;
  companyId?: string;
  simulations?: number;
  seed?: number;
  backend?: BackendChoice;
}

/**
 * Weekly expected collections of the items open at the end of asOf, week k = (asOf+7(k-1), asOf+7k], with P10/P50/P90:
 * open items x the champion timing model's payment-week distribution; an active promise to pay moves its invoice to
 * the promised week with the customer's learnt reliability. Without a trained timing model, each item is placed by
 * the average-delay rule (method "avg_delay").
 */
export async function computeForecast(db: Warehouse, options: ForecastOptions): Promise<CashForecast> {
  const champion = loadChampion(options.modelsDir);
  const work = (session: Session) => computeForecastInSession(session, champion, options);
  if (!champion?.timing) return withScopeSession(db, {}, work); // the average-delay rule needs no point features
  await selectBackend(options.backend);
  return withFeatureSession(db, {}, work);
}

/** computeForecast inside an open feature session on the whole group (the score stage reuses its session). */
export async function computeForecastInSession(
  session: Session,
  champion: ModelVersion | null,
  options: ForecastOptions,
): Promise<CashForecast> {
  const weeks = options.weeks ?? 13;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > TIMING_WEEKS) {
    throw new EncoursError(
      'bad_input',
      `--weeks must be a whole number from 1 to ${TIMING_WEEKS}, got ${weeks}`,
    );
  }
  const asOf = options.asOf ?? (await findLastFactDate(session)) ?? new Date().toISOString().slice(0, 10);
  const items = await predictOpenItems(session, champion?.timing ?? null, asOf);
  const promises = await applyPromises(session, items, asOf);
  const keep = Uint32Array.from(
    Array.from({ length: items.n }, (_, i) => i).filter(
      (i) => !options.companyId || items.ids.company_id![i] === options.companyId,
    ),
  );
  const build = (
    companyId: string,
    currency: string,
    rows: number[],
    amounts: Float64Array,
  ): ForecastSeries => {
    const dist = simulateWeeklyTotals(amounts, items.probs, rows, TIMING_WEEKS + 1, weeks, {
      simulations: options.simulations,
      seed: options.seed,
    });
    return {
      company_id: companyId,
      currency,
      open_amount: cents(rows.reduce((a, i) => a + amounts[i]!, 0)),
      weeks: dist.expected.map((e, k) => ({
        week: k + 1,
        start: addDays(asOf, 7 * k + 1),
        end: addDays(asOf, 7 * (k + 1)),
        expected: cents(e),
        p10: cents(dist.p10[k]!),
        p50: cents(dist.p50[k]!),
        p90: cents(dist.p90[k]!),
      })),
      beyond: cents(dist.beyond),
    };
  };
  const local = Float64Array.from(items.ids.open_amount!, Number);
  const reporting = Float64Array.from(local, (a, i) => a * items.rateNow[i]!);
  const companies = groupBy(keep, (i) => String(items.ids.company_id![i]));
  const currencies = groupBy(keep, (i) => `${items.ids.company_id![i]}\u0000${items.ids.currency![i]}`);
  return {
    asOf,
    weeks,
    method: items.method,
    model_version: items.method === 'model' ? champion!.version : null,
    reporting_currency: options.reportingCurrency,
    consolidated: build(options.companyId ?? '*', options.reportingCurrency, Array.from(keep), reporting),
    by_company: [...companies].map(([company, rows]) =>
      build(company, options.reportingCurrency, rows, reporting),
    ),
    by_currency: [...currencies].map(([key, rows]) => {
      const [company, currency] = key.split('\u0000');
      return build(company!, currency!, rows, local);
    }),
    promises,
  };
}

interface OpenItems {
  n: number;
  ids: Record<string, Column>;
  probs: Float32Array;
  rateNow: number[];
  method: 'model' | 'avg_delay';
}

async function predictOpenItems(
  session: Session,
  timing: TimingModel | null,
  asOf: string,
): Promise<OpenItems> {
  const n = await createOpenPoints(session, asOf);
  const ids = await session.columns(
    'select company_id, document_id, currency, open_amount from f_points order by point_id',
  );
  const placement = await readPlacementWeeks(session, asOf);
  const classes = TIMING_WEEKS + 1;
  if (timing && n > 0) {
    await computeFeatures(session);
    const probs = await predictInBatches(session, TIMING_COLUMNS, n, classes, (columns, rows) =>
      predictTiming(timing, columns, rows),
    );
    return { n, ids, probs, rateNow: placement.rateNow, method: 'model' };
  }
  const probs = new Float32Array(n * classes);
  placement.avgDelayWeek.forEach((week, i) => (probs[i * classes + Math.min(week, classes) - 1] = 1));
  return { n, ids, probs, rateNow: placement.rateNow, method: timing ? 'model' : 'avg_delay' };
}

/** p = w x (promised week) + (1 - w) x p per covered invoice; returns the number of invoices it changed. */
async function applyPromises(session: Session, items: OpenItems, asOf: string): Promise<number> {
  const overrides = await readPromiseOverrides(session, asOf);
  if (overrides.length === 0) return 0;
  const classes = TIMING_WEEKS + 1;
  const index = new Map<string, number>();
  for (let i = 0; i < items.n; i++)
    index.set(`${items.ids.company_id![i]}\u0000${items.ids.document_id![i]}`, i);
  let applied = 0;
  for (const o of overrides) {
    const i = index.get(`${o.company_id}\u0000${o.document_id}`);
    if (i === undefined) continue;
    const days = Math.max(1, Math.round((Date.parse(o.promised_date) - Date.parse(asOf)) / 86_400_000));
    const week = Math.min(classes, Math.ceil(days / 7));
    for (let k = 0; k < classes; k++)
      items.probs[i * classes + k] = items.probs[i * classes + k]! * (1 - o.weight);
    items.probs[i * classes + week - 1] = items.probs[i * classes + week - 1]! + o.weight;
    applied++;
  }
  return applied;
}

function groupBy(rows: Uint32Array, key: (i: number) => string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of rows) {
    const k = key(i);
    const list = out.get(k);
    if (list) list.push(i);
    else out.set(k, [i]);
  }
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}
