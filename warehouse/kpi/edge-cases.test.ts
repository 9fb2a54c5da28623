import { afterEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { computeAging, computeKpis, findDefaultAsOf } from './index.js';
import { join } from 'node:path';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { loadLedger, locateWorkedExample, openTestWarehouse } from './test-ledger.js';

const zero = {
  not_due: 0,
  days_1_30: 0,
  days_31_60: 0,
  days_61_90: 0,
  days_over_90: 0,
  unapplied: 0,
  net_ar: 0,
};
const undefinedRatios = {
  dso: { simple: null, countback: null },
  bpdso: null,
  add: null,
  cei: null,
  collection_rate: null,
};
let db: Warehouse | undefined;
afterEach(() => db?.close());

describe('undefined figures are null, never 0 or NaN', () => {
  it('on an empty ledger, whose default as-of date is today', async () => {
    db = await openTestWarehouse();
    expect(await computeKpis(db, { asOf: '2025-03-31' })).toEqual({
      asOf: '2025-03-31',
      currency: 'EUR',
      aging: zero,
      ...undefinedRatios,
    });
    expect(await findDefaultAsOf(db, '2030-01-01')).toBe('2030-01-01');
    expect(await computeAging(db, { asOf: '2025-03-31' })).toEqual({
      asOf: '2025-03-31',
      currency: 'EUR',
      by: 'customer',
      rows: [],
      totals: zero,
    });
  });

  it('as of a date before any ledger data, and where only some denominators are zero', async () => {
    db = await openTestWarehouse();
    await importCanonical(db, join(locateWorkedExample(), 'canonical'));
    expect(await computeKpis(db, { asOf: '2024-01-01' })).toEqual({
      asOf: '2024-01-01',
      currency: 'EUR',
      aging: zero,
      ...undefinedRatios,
    });
    // 2024-11-20: only A1 (1200, due 12-15). S90 = 1200 -> DSO 90, BPDSO 90, ADD 0; countback 1200 / 1200 x 20 days.
    // CEI: (0 + 1200 - 1200) / (0 + 1200 - 1200 not due) -> null. Nothing due yet -> collection rate null.
    expect(await computeKpis(db, { asOf: '2024-11-20' })).toMatchObject({
      aging: { ...zero, not_due: 1200, net_ar: 1200 },
      dso: { simple: 90, countback: 20 },
      bpdso: 90,
      add: 0,
      cei: null,
      collection_rate: null,
    });
  });

  it('with only cash on account (negative receivables, no sales)', async () => {
    db = await openTestWarehouse();
    await loadLedger(db, { payments: [['main', 'P1', 'A', '2025-03-15', '500']] });
    expect(await computeKpis(db, { asOf: '2025-03-31' })).toEqual({
      asOf: '2025-03-31',
      currency: 'EUR',
      aging: { ...zero, unapplied: -500, net_ar: -500 },
      ...undefinedRatios,
    });
  });
});

describe('DSO countback at the edges', () => {
  it('is negative like simple DSO when credit exceeds the receivables', async () => {
    // net_ar = 100 - 150 = -50; March sales 100: countback = -50 / 100 x 31 = -15.5; simple = -50 / 100 x 90 = -45.
    db = await openTestWarehouse();
    await loadLedger(db, {
      documents: [['main', 'I1', 'A', 'invoice', '2025-03-10', '2025-04-09', '100']],
      payments: [['main', 'P1', 'A', '2025-03-15', '150']],
    });
    const kpi = await computeKpis(db, { asOf: '2025-03-31' });
    expect([kpi.aging.net_ar, kpi.dso.simple, kpi.dso.countback]).toEqual([-50, -45, -15.5]);
  });

  it('stops at 24 periods when the sales never exhaust the receivables (a floor, in days)', async () => {
    // An unpaid 2020 invoice: 24 periods back from 2025-03-31 reach 2023-04-01, i.e. 731 days (2024 is a leap year).
    db = await openTestWarehouse();
    await loadLedger(db, { documents: [['main', 'I1', 'A', 'invoice', '2020-06-01', '2020-07-01', '100']] });
    const kpi = await computeKpis(db, { asOf: '2025-03-31' });
    expect([kpi.aging.days_over_90, kpi.dso.simple, kpi.dso.countback]).toEqual([100, null, 731]);
  });

  it('adds the elapsed days of the current month only, then whole months', async () => {
    // As of 2025-03-10: AR 300 = March sales 100 (10 days) + February 200 (28 days) exactly -> 38 days.
    db = await openTestWarehouse();
    await loadLedger(db, {
      documents: [
        ['main', 'I1', 'A', 'invoice', '2025-02-20', '2025-03-22', '200'],
        ['main', 'I2', 'A', 'invoice', '2025-03-05', '2025-04-04', '100'],
        ['main', 'I0', 'A', 'invoice', '2025-01-05', '2025-02-04', '50'],
      ],
      payments: [['main', 'P0', 'A', '2025-02-01', '50']],
      allocations: [['main', 'P0', 'payment', 'I0', '50', '2025-02-01']],
    });
    expect((await computeKpis(db, { asOf: '2025-03-10' })).dso.countback).toBe(38);
  });
});
