import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { computeAging, computeKpis } from './index.js';
import { loadLedger, openTestWarehouse } from './test-ledger.js';

// Two companies in two currencies, reporting in EUR, as of d = 2025-03-31 (d-30 = 03-01, d-90 = 2024-12-31).
// FR (EUR), customer F1: FI1 invoice 01-10 due 02-09 1000, paid 400 by FP1 on 03-10; FI2 invoice 03-15 due 04-14 500.
//   at d: FI1 open 600, dpd 50 -> 31-60; FI2 500 not due. net_ar 1100 EUR.
// US (USD), customer U1: UI2 invoice 2024-11-01 due 12-01 1000, credited 100 by UC1 on 03-05 -> open 900, dpd 120;
//   UI1 invoice 02-01 due 03-03 2000, paid by UP1 (2500 on 03-20, 2000 allocated, 500 on account).
//   at d: over 90 900, unapplied -500, net_ar 400 USD.
// USD rates: 0.90 on 03-01, 0.80 on 03-31 (the one used at d), 0.50 on 04-01 (after d: never used).
const ledger = {
  customers: [
    { id: 'F1', terms: '30' },
    { id: 'U1', terms: '30', currency: 'USD' },
  ],
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
    ['2025-04-01', 'USD', '0.50'],
  ],
} satisfies Parameters<typeof loadLedger>[1];

let db: Warehouse;
beforeAll(async () => {
  db = await openTestWarehouse();
  await loadLedger(db, ledger);
});
afterAll(() => db?.close());

describe('group consolidation across two currencies', () => {
  it('converts every amount at the latest rate on or before the as-of date', async () => {
    // US in EUR at 0.80: over 90 720, unapplied -400, net_ar 320. Group net_ar = 1100 + 320 = 1420.
    // S(d-90, d] = FR 1000 + 500 + US (2000 - 100) x 0.8 = 1500 + 1520 = 3020.
    // DSO = 1420 / 3020 x 90 = 42.31788; BPDSO = 500 / 3020 x 90 = 14.90066; ADD = 27.41722.
    // CEI: net_ar(03-01) = FR 1000 + US 3000 x 0.8 = 3400; S(03-01, d] = 500 - 100 x 0.8 = 420;
    //   (3400 + 420 - 1420) / (3400 + 420 - 500) = 2400 / 3320 = 72.28916 %.
    // Collection rate: due <= d: FI1, UI1, UI2. Base = 1000 + (2000 + 1000 - 100 credited in window) x 0.8 = 3320;
    //   cash in window = 400 + 2000 x 0.8 = 2000 -> 60.24096 %.
    // Countback: AR 1420; March sales 420 -> 1000 left, 31 days; Feb sales 1600 > 1000 -> 1000 / 1600 x 28 = 17.5.
    expect(await computeKpis(db, { asOf: '2025-03-31' })).toEqual({
      asOf: '2025-03-31',
      currency: 'EUR',
      aging: {
        not_due: 500,
        days_1_30: 0,
        days_31_60: 600,
        days_61_90: 0,
        days_over_90: 720,
        unapplied: -400,
        net_ar: 1420,
      },
      dso: { simple: 42.3179, countback: 48.5 },
      bpdso: 14.9007,
      add: 27.4172,
      cei: 72.2892,
      collection_rate: 60.241,
    });
  });

  it('keeps only the facts in one currency, unconverted, with --currency', async () => {
    // USD only: net_ar 400; S90 = 1900 -> DSO 18.94737, BPDSO 0; CEI (3000 - 100 - 400) / (3000 - 100) = 86.20690 %;
    // collection 2000 / 2900 = 68.96552 %; countback: March sales -100 -> 500 left, 31 days; Feb 500 / 2000 x 28 = 7.
    expect(await computeKpis(db, { asOf: '2025-03-31', currency: 'usd' })).toEqual({
      asOf: '2025-03-31',
      currency: 'USD',
      aging: {
        not_due: 0,
        days_1_30: 0,
        days_31_60: 0,
        days_61_90: 0,
        days_over_90: 900,
        unapplied: -500,
        net_ar: 400,
      },
      dso: { simple: 18.9474, countback: 38 },
      bpdso: 0,
      add: 18.9474,
      cei: 86.2069,
      collection_rate: 68.9655,
    });
    // EUR only: net_ar 1100, S90 1500 -> DSO 66, BPDSO 30; CEI (1000 + 500 - 1100) / (1000 + 500 - 500) = 40 %;
    // collection 400 / 1000; countback: March 500 -> 600 left, 31; Feb no sales, +28; Jan 600 / 1000 x 31 = 18.6.
    const eur = await computeKpis(db, { asOf: '2025-03-31', currency: 'EUR' });
    expect(eur.aging.net_ar).toBe(1100);
    expect([eur.dso.simple, eur.dso.countback, eur.bpdso, eur.add, eur.cei, eur.collection_rate]).toEqual([
      66, 77.6, 30, 36, 40, 40,
    ]);
  });

  it('reports one company consolidated into the reporting currency', async () => {
    const us = await computeKpis(db, { asOf: '2025-03-31', companyId: 'US' });
    expect(us.currency).toBe('EUR');
    expect(us.aging).toEqual({
      not_due: 0,
      days_1_30: 0,
      days_31_60: 0,
      days_61_90: 0,
      days_over_90: 720,
      unapplied: -400,
      net_ar: 320,
    });
    expect(us.dso.simple).toBe(18.9474); // 320 / 1520 x 90: the same ratio as in USD
    const group = await computeKpis(db, { asOf: '2025-03-31' });
    expect(await computeKpis(db, { asOf: '2025-03-31', companyId: '*' })).toEqual(group);
  });

  it('ages by customer and by company with totals equal to the KPI aging', async () => {
    const kpi = await computeKpis(db, { asOf: '2025-03-31' });
    const byCustomer = await computeAging(db, { asOf: '2025-03-31', by: 'customer' });
    expect(byCustomer.rows.map((r) => [r.key, r.net_ar])).toEqual([
      ['F1', 1100],
      ['U1', 320],
    ]);
    expect(byCustomer.totals).toEqual(kpi.aging);
    const byCompany = await computeAging(db, { asOf: '2025-03-31', by: 'company' });
    expect(byCompany.rows.map((r) => [r.key, r.days_over_90, r.unapplied])).toEqual([
      ['FR', 0, 0],
      ['US', 720, -400],
    ]);
    expect(byCompany.totals).toEqual(kpi.aging);
    const usd = await computeAging(db, { asOf: '2025-03-31', currency: 'USD' });
    expect(usd.totals).toEqual((await computeKpis(db, { asOf: '2025-03-31', currency: 'USD' })).aging);
  });

  it('fails clearly when a currency has no rate on or before the as-of date', async () => {
    // USD facts exist since 2024-11-01 but the first USD rate is dated 2025-03-01.
    await expect(computeKpis(db, { asOf: '2025-02-15' })).rejects.toThrow(
      /no exchange rate for USD on or before 2025-02-15/,
    );
    await expect(computeAging(db, { asOf: '2025-02-15' })).rejects.toThrow(/USD on or before 2025-02-15/);
    // Without conversion, or without USD facts in scope, no rate is needed.
    expect((await computeKpis(db, { asOf: '2025-02-15', currency: 'USD' })).aging.net_ar).toBe(3000);
    expect((await computeKpis(db, { asOf: '2025-02-15', companyId: 'FR' })).aging.net_ar).toBe(1000);
  });

  it('rejects an unknown company and a malformed currency', async () => {
    await expect(computeKpis(db, { companyId: 'DE' })).rejects.toThrow(
      'unknown company "DE" (known companies: FR, US)',
    );
    await expect(computeKpis(db, { currency: 'EURO' })).rejects.toThrow(/ISO 4217/);
  });
});
