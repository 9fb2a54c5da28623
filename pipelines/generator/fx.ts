import { BufferedFile } from './buffered-file.js';
import type { Calendar } from './calendar.js';
import type { Rng } from './random.js';

/** Rough value of one unit in EUR, the starting point of each currency's random walk. */
// prettier-ignore
const EUR_VALUE: Record<string, number> = {
  EUR: 1, USD: 0.92, GBP: 1.17, CHF: 1.05, JPY: 0.0062, CAD: 0.68, AUD: 0.61, SEK: 0.088, NOK: 0.086,
  DKK: 0.134, PLN: 0.23, CZK: 0.04, CNY: 0.127, MAD: 0.092, TND: 0.3, XOF: 0.001524,
};

const DAILY_VOLATILITY = 0.004;
const MEAN_REVERSION = 0.002;

/** Daily rates (1 unit of currency in reporting currency), rounded as published in fx_rates.csv. */
export interface FxTable {
  currencies: string[];
  /** rates[currency][day]; currency 0 (reporting) is always 1. */
  rates: Float64Array[];
  decimals: number[];
  /** Rate on day 0, used to size amounts in each currency. */
  initial: number[];
}

export function buildFxTable(rng: Rng, currencies: string[], calendar: Calendar): FxTable {
  const days = calendar.lastDay + 1;
  const reportingValue = EUR_VALUE[currencies[0]!] ?? 1;
  const rates: Float64Array[] = [];
  const decimals: number[] = [];
  currencies.forEach((code, index) => {
    const series = new Float64Array(days);
    if (index === 0) {
      series.fill(1);
      rates.push(series);
      decimals.push(0);
      return;
    }
    const base = (EUR_VALUE[code] ?? rng.uniform(0.2, 2)) / reportingValue;
    const places = Math.max(4, 5 - Math.floor(Math.log10(base)));
    let logRate = Math.log(base) + rng.normal() * 0.02;
    for (let day = 0; day < days; day++) {
      logRate += DAILY_VOLATILITY * rng.normal() - MEAN_REVERSION * (logRate - Math.log(base));
      series[day] = Number(Math.exp(logRate).toFixed(places));
    }
    rates.push(series);
    decimals.push(places);
  });
  return { currencies, rates, decimals, initial: rates.map((series) => series[0] ?? 1) };
}

/** fx_rates.csv: one row per calendar day and non-reporting currency, covering the whole range. */
export function writeFxRates(path: string, fx: FxTable, calendar: Calendar): void {
  const file = new BufferedFile(path);
  file.write('date,currency,rate\n');
  for (let day = 0; day <= calendar.lastDay; day++) {
    const date = calendar.iso(day);
    for (let c = 1; c < fx.currencies.length; c++) {
      file.write(`${date},${fx.currencies[c]},${fx.rates[c]![day]!.toFixed(fx.decimals[c])}\n`);
    }
  }
  file.close();
}
