import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import type { Warehouse } from '../db.js';
import { toBuckets } from './compute-kpis.js';
import { computeKpis, materializeKpiSnapshots } from './index.js';
import { loadLedger, openTestWarehouse } from './test-ledger.js';

// Two companies, two currencies; USD rates from 2025-03-01 on.
const ledger = {
  documents: [
    ['FR', 'FI1', 'F1', 'invoice', '2025-01-10', '2025-02-09', '1000'],
    ['FR', 'FI2', 'F1', 'invoice', '2025-03-15', '2025-04-14', '500'],
    ['US', 'UI2', 'U1', 'invoice', '2024-11-01', '2024-12-01', '1000', 'USD'],
    ['US', 'UI1', 'U1', 'invoice', '2025-02-01', '2025-03-03', '2000', 'USD'],
    ['US', 'UC1', 'U1', 'credit_note', '2025-03-05', '2025-03-05', '100', 'USD'],
  ],
  payments: [
    ['FR', 'FP1', 'F1', '2025-03-10', '400'],
    ['US', 'UP1', 'U1', '2025-03-20', '2500', 'USD'],
  ],
  allocations: [
    ['FR', 'FP1', 'payment', 'FI1', '400', '2025-03-10'],
    ['US', 'UC1', 'credit_note', 'UI2', '100', '2025-03-05'],
    ['US', 'UP1', 'payment', 'UI1', '2000', '2025-03-20'],
  ],
  fxRates: [
    ['2025-03-01', 'USD', '0.90'],
    ['2025-03-31', 'USD', '0.80'],
  ],
} satisfies Parameters<typeof loadLedger>[1];

const march = Array.from({ length: 31 }, (_, i) => addDays('2025-03-01', i));
let db: Warehouse;
beforeAll(async () => {
  db = await openTestWarehouse();
  await loadLedger(db, ledger);
});
afterAll(() => db?.close());

type Snapshot = Record<string, string | number | null>;
const readSnapshots = () =>
  db.all<Snapshot>(
    `select * exclude (computed_at), as_of::varchar as as_of from marts.kpi_daily order by as_of, company_id`,
  );

describe('materializeKpiSnapshots', () => {
  it('writes the group and each company per date, equal to computeKpis on that date', async () => {
    expect(await materializeKpiSnapshots(db, march)).toBe(31 * 3);
    const rows = await readSnapshots();
    expect(new Set(rows.map((r) => r.currency))).toEqual(new Set(['EUR']));
    for (const row of rows.filter((_, i) => i % 4 === 0)) {
      const companyId = row.company_id === '*' ? undefined : String(row.company_id);
      const kpi = await computeKpis(db, { asOf: String(row.as_of), companyId });
      expect(toBuckets(row as Record<string, string>), `${row.as_of} ${row.company_id}`).toEqual(kpi.aging);
      expect([row.dso_simple, row.dso_countback, row.bpdso, row.add, row.cei, row.collection_rate]).toEqual([
        kpi.dso.simple,
        kpi.dso.countback,
        kpi.bpdso,
        kpi.add,
        kpi.cei,
        kpi.collection_rate,
      ]);
    }
    const last = rows.find((r) => r.as_of === '2025-03-31' && r.company_id === '*')!;
    expect([Number(last.net_ar), last.dso_countback, last.collection_rate]).toEqual([1420, 48.5, 60.241]);
  });

  it('replaces the rows of dates it writes again and keeps the others', async () => {
    await db.run(`update marts.kpi_daily set net_ar = 0 where as_of = '2025-03-31'`);
    expect(await materializeKpiSnapshots(db, ['2025-03-31', '2025-03-31'])).toBe(3);
    const rows = await readSnapshots();
    expect(rows).toHaveLength(31 * 3);
    expect(rows.find((r) => r.as_of === '2025-03-31' && r.company_id === '*')!.net_ar).toBe('1420.00');
  });

  it('writes nothing when a date lacks an exchange rate', async () => {
    const before = await readSnapshots();
    await expect(materializeKpiSnapshots(db, ['2025-03-31', '2025-02-27'])).rejects.toThrow(
      /no exchange rate for USD on or before 2025-02-27/,
    );
    await expect(materializeKpiSnapshots(db, ['2025-13-01'])).rejects.toThrow(/YYYY-MM-DD/);
    expect(await readSnapshots()).toEqual(before);
    expect(await materializeKpiSnapshots(db, [])).toBe(0);
  });
});
