import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCanonical } from '../pipelines/canonical/import.js';
import type { Warehouse } from '../warehouse/db.js';
import { computeBaselineSeries } from '../warehouse/features/forecast.queries.js';
import { createOpenPoints } from '../warehouse/features/points.queries.js';
import { withFeatureSession } from './datasets.js';
import { computeForecast } from './forecast.js';
import { findWorkedExample, openTestWarehouse } from './testing/warehouse.js';

const WEEKS = 13;

/** Week k of the worked example's 13 weeks after 2025-03-31 holding each amount (README §7). */
function placed(entries: Record<number, number>): number[] {
  return Array.from({ length: WEEKS }, (_, k) => entries[k + 1] ?? 0);
}

describe('cash forecast on the worked example (as of 2025-03-31)', () => {
  let db: Warehouse;
  let modelsDir: string;
  let dispose: () => void;
  beforeAll(async () => {
    ({ db, modelsDir, dispose } = await openTestWarehouse());
    await importCanonical(db, findWorkedExample());
  });
  afterAll(() => dispose());

  it('places the baselines as README §7 does', async () => {
    const series = await withFeatureSession(db, {}, async (s) => {
      await createOpenPoints(s, '2025-03-31');
      return computeBaselineSeries(s, '2025-03-31', WEEKS);
    });
    // Overdue 4 900 (A1 500, B1 2 000, A2 1 200, A3 1 200) on the first day; A4 due 04-19, B3 04-26, B4 05-27.
    expect(series.dueDate).toEqual(placed({ 1: 4900, 3: 2500, 4: 2200, 9: 1000 }));
    // B paid B2 4 days late: B3 moves to 04-30 (week 5), B4 to 05-31 (week 9); A has no settled invoice (0 days).
    expect(series.avgDelay).toEqual(placed({ 1: 4900, 3: 2500, 5: 2200, 9: 1000 }));
    expect(series.actual).toEqual(placed({}));
  });

  it('falls back to the average-delay placement without a trained model', async () => {
    const f = await computeForecast(db, { modelsDir, reportingCurrency: 'EUR', asOf: '2025-03-31' });
    expect(f.method).toBe('avg_delay');
    expect(f.model_version).toBeNull();
    expect(f.consolidated.open_amount).toBe(10600);
    expect(f.consolidated.weeks.map((w) => w.expected)).toEqual(
      placed({ 1: 4900, 3: 2500, 5: 2200, 9: 1000 }),
    );
    expect(f.consolidated.weeks.map((w) => w.p10)).toEqual(f.consolidated.weeks.map((w) => w.expected));
    expect(f.consolidated.weeks[0]).toMatchObject({ week: 1, start: '2025-04-01', end: '2025-04-07' });
    expect(f.consolidated.weeks[12]).toMatchObject({ week: 13, start: '2025-06-24', end: '2025-06-30' });
    expect(f.by_currency.map((s) => s.currency)).toEqual(['EUR']);
    expect(f.by_company).toHaveLength(1);
  });

  it('moves a promised invoice to its week with the learnt reliability', async () => {
    const [company] = await db.all<{ company_id: string }>(
      `select company_id from core.documents where document_id = 'B3'`,
    );
    // A past promise of B that was kept (P4 paid B2 on 03-10, promised 03-08), and an active one for B3 on 04-10.
    await db.run(`insert into ops.promises (company_id, customer_id, document_ids, amount, promised_date, created_by, created_at) values
      ('${company!.company_id}', 'B', '["B2"]', 1800, date '2025-03-08', 'user:1', timestamptz '2025-03-01 10:00:00+00'),
      ('${company!.company_id}', 'B', '["B3"]', 1100, date '2025-04-10', 'user:1', timestamptz '2025-03-30 10:00:00+00'),
      ('${company!.company_id}', 'B', '["B4"]', 1000, date '2025-04-03', 'user:1', timestamptz '2025-04-02 10:00:00+00')`);
    const f = await computeForecast(db, { modelsDir, reportingCurrency: 'EUR', asOf: '2025-03-31' });
    expect(f.promises).toBe(1); // the B4 promise was made after the as-of date
    // Reliability (1 kept + 2 x 1) / (1 + 2) = 1, covering half of B3's 2 200: 1 100 moves from week 5 to week 2.
    expect(f.consolidated.weeks.map((w) => w.expected)).toEqual(
      placed({ 1: 4900, 2: 1100, 3: 2500, 5: 1100, 9: 1000 }),
    );
  });
});
