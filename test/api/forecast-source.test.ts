// GET /api/forecast serves the scoring run's stored forecast when it answers the request (whole group, same data,
// same promises, same model), and computes it otherwise; both look the same to the dashboard.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CashForecast } from '../../models/forecast.js';
import { forecastColumns } from '../../models/scoring.js';
import { bumpDataGeneration } from '../../warehouse/data-generation.js';
import { replaceScores } from '../../warehouse/features/scores.queries.js';
import { withSession, type AppendColumn } from '../../warehouse/features/session.js';
import { readForecastMarkers } from '../../warehouse/features/stored-forecast.queries.js';
import { insertPromise } from '../../warehouse/ops/commitments.queries.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
});
afterAll(async () => api.close());

type Answer = CashForecast & { source: 'stored' | 'computed' };
const forecast = async (person: 'admin' | 'sam', query: string): Promise<Answer> => {
  const response = await api.as(person, { method: 'GET', url: `/api/forecast?asOf=${AS_OF}${query}` });
  expect(response.statusCode).toBe(200);
  return response.json();
};

/** What the scoring run writes for `f` (marts.cash_forecast; no customer or invoice scores). */
async function storeForecast(f: CashForecast): Promise<void> {
  const markers = await readForecastMarkers(api.db);
  const empty = async (table: string): Promise<AppendColumn[]> => {
    const [row] = await api.db.all<{ n: number }>(
      `select count(*)::integer as n from information_schema.columns where table_schema = 'marts' and table_name = $1`,
      [table],
    );
    return Array.from({ length: row!.n }, () => ({ type: 'varchar' as const, values: [] }));
  };
  const customers = await empty('customer_scores');
  const invoices = await empty('invoice_scores');
  await withSession(api.db, (s) =>
    replaceScores(s, f.asOf, { customers, invoices, forecast: forecastColumns(f, markers) }),
  );
  bumpDataGeneration(api.db);
}

const withoutSource = ({ source: _s, ...rest }: Answer) => rest;

describe('forecast source', () => {
  it('computes without a stored run, then serves the stored run unchanged, for the group and for a company', async () => {
    const group = await forecast('admin', '');
    const c1 = await forecast('admin', '&company=C1');
    expect(group.source).toBe('computed');
    expect(group.consolidated.open_amount).toBeGreaterThan(0);
    await storeForecast(withoutSource(group));
    const stored = await forecast('admin', '');
    expect(stored.source).toBe('stored');
    expect(withoutSource(stored)).toEqual(withoutSource(group));
    const storedC1 = await forecast('admin', '&company=C1');
    expect(storedC1.source).toBe('stored');
    expect(withoutSource(storedC1)).toEqual(withoutSource(c1));
    // other horizons than the run's 13 weeks are computed
    expect((await forecast('admin', '&weeks=4')).source).toBe('computed');
  });

  it('computes for a caller limited to a portfolio, and once a promise changed what the run saw', async () => {
    const mine = await forecast('sam', '');
    expect(mine.source).toBe('computed');
    expect(mine.consolidated.open_amount).toBeLessThan(
      (await forecast('admin', '')).consolidated.open_amount,
    );
    expect((await forecast('admin', '')).source).toBe('stored');
    await insertPromise(api.ops, {
      company_id: 'C1',
      customer_id: 'K1',
      document_ids: [],
      amount: '100.00',
      promised_date: '2025-07-10',
      created_by: 'system',
    });
    expect((await forecast('admin', '')).source).toBe('computed');
  });
});
