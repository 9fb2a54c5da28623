import type { Warehouse } from '../warehouse/db.js';
import {
  findForecastDefaultAsOf,
  readStoredForecastRows,
  type ForecastMarkers,
  type StoredForecastRow,
} from '../warehouse/features/stored-forecast.queries.js';
import type { CashForecast, ForecastSeries } from './forecast.js';

/**
 * The forecast the scoring run stored for the date computeForecast would use (asOf, or the last fact date), in the
 * shape computeForecast returns, when that run saw the data the warehouse holds now and the model that is champion now;
 * null otherwise (then compute it). Whole-group data only: a caller limited to some customers needs a forecast of their own.
 */
export async function readStoredForecast(
  db: Warehouse,
  options: {
    asOf?: string;
    companyId?: string;
    reportingCurrency: string;
    markers: ForecastMarkers;
    /** The champion's version now: a forecast of another model is out of date. */
    champion: string | null;
  },
): Promise<CashForecast | null> {
  const asOf = options.asOf ?? (await findForecastDefaultAsOf(db));
  if (asOf === null) return null;
  const rows = await readStoredForecastRows(db, asOf, options.markers);
  if (rows.length === 0 || rows[0]!.model_version !== options.champion) return null;
  return assembleForecast(rows, options.reportingCurrency, options.companyId);
}

function assembleForecast(
  rows: StoredForecastRow[],
  reportingCurrency: string,
  companyId: string | undefined,
): CashForecast | null {
  const series = new Map<string, StoredForecastRow[]>();
  for (const row of rows) {
    const key = `${row.company_id}\u0000${row.currency}`;
    const list = series.get(key);
    if (list) list.push(row);
    else series.set(key, [row]);
  }
  const toSeries = (weeks: StoredForecastRow[], company: string, currency: string): ForecastSeries => ({
    company_id: company,
    currency,
    open_amount: weeks[0]!.open_amount,
    weeks: weeks.map((w) => ({
      week: w.week,
      start: w.week_start,
      end: w.week_end,
      expected: w.expected,
      p10: w.p10,
      p50: w.p50,
      p90: w.p90,
    })),
    beyond: weeks[0]!.beyond,
  });
  const all = [...series.values()];
  const whole = series.get(`${companyId ?? '*'}\u0000*`);
  // a company without open items has no stored series: computeForecast answers it (zeros)
  if (!whole) return null;
  const first = rows[0]!;
  return {
    asOf: first.as_of,
    weeks: whole.length,
    method: first.method,
    model_version: first.model_version,
    reporting_currency: reportingCurrency,
    consolidated: toSeries(whole, companyId ?? '*', reportingCurrency),
    by_company: all
      .filter((s) => s[0]!.company_id !== '*' && s[0]!.currency === '*')
      .filter((s) => companyId === undefined || s[0]!.company_id === companyId)
      .map((s) => toSeries(s, s[0]!.company_id, reportingCurrency)),
    by_currency: all
      .filter((s) => s[0]!.company_id !== '*' && s[0]!.currency !== '*')
      .filter((s) => companyId === undefined || s[0]!.company_id === companyId)
      .map((s) => toSeries(s, s[0]!.company_id, s[0]!.currency)),
    promises: first.promises,
  };
}
