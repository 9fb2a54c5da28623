import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../warehouse/db.js';
import { computeRisk, setRiskOverride } from './risk-report.js';
import { RISK_CLASSES } from './risk-classes.js';
import { loadSyntheticLedger, type SyntheticLedger } from './testing/synthetic-ledger.js';
import { openTestWarehouse } from './testing/warehouse.js';
import { trainModel } from './train.js';

describe('risk classes and payer profiles', () => {
  let db: Warehouse;
  let modelsDir: string;
  let dispose: () => void;
  let ledger: SyntheticLedger;
  const cutoff = '2025-03-31';
  beforeAll(async () => {
    ({ db, modelsDir, dispose } = await openTestWarehouse());
    ledger = await loadSyntheticLedger(db, { customers: 200, seed: 33, drift: false });
    await trainModel(db, { modelsDir, asOf: cutoff, timing: { maxRows: 3000 } });
  });
  afterAll(() => dispose());

  it('are ordered by the late rate realised after the cutoff (held-out invoices)', async () => {
    const risk = await computeRisk(db, { modelsDir, asOf: cutoff });
    const classOf = new Map(risk.customers.map((c) => [c.customer_id, c.risk_class]));
    const outcomes = await db.all<{ customer_id: string; late: number; late30: number; days: number }>(`
      select customer_id, (days_late > 0)::integer as late, (days_late > 30)::integer as late30,
             greatest(days_late, 0) as days
      from marts.features_invoices
      where issue_date > date '${cutoff}' and issue_date <= date '${cutoff}' + 180 and settled_date is not null`);
    const rates = RISK_CLASSES.map((k) => {
      const rows = outcomes.filter((o) => classOf.get(o.customer_id) === k);
      const days = mean(rows.map((r) => r.days));
      return {
        k,
        n: rows.length,
        late: mean(rows.map((r) => r.late)),
        late30: mean(rows.map((r) => r.late30)),
        days,
      };
    });
    for (const r of rates) expect(r.n, `class ${r.k} invoices`).toBeGreaterThan(100);
    for (let i = 1; i < rates.length; i++) {
      const [a, b] = [rates[i - 1]!, rates[i]!];
      expect(b.late, `late rate ${a.k} < ${b.k}`).toBeGreaterThan(a.late);
      expect(b.late30, `late > 30 rate ${a.k} <= ${b.k}`).toBeGreaterThanOrEqual(a.late30);
      expect(b.days, `mean days late ${a.k} < ${b.k}`).toBeGreaterThan(a.days);
    }
    expect(rates[4]!.late30).toBeGreaterThan(rates[2]!.late30 + 0.3);
  });

  it('agree with the payer types the ledger was generated with, and come with reasons', async () => {
    const risk = await computeRisk(db, { modelsDir, asOf: cutoff });
    let agree = 0;
    for (const c of risk.customers) if (c.profile === ledger.customerTypes.get(c.customer_id)) agree++;
    expect(agree / risk.customers.length).toBeGreaterThan(0.75);
    expect(risk.customers.every((c) => c.reasons.length > 0)).toBe(true);
    const worst = risk.customers[0]!;
    expect(worst.risk_class).toBe('E');
    expect(worst.p_late_30).toBeGreaterThan(0.5);
    expect(Object.keys(worst)).toEqual([
      'customer_id',
      'risk_class',
      'p_late',
      'p_late_30',
      'expected_days_late',
      'profile',
      'open_amount',
      'overdue_amount',
      'reasons',
    ]);
  });

  it('let a manual override win from its date, then clear it', async () => {
    const before = await computeRisk(db, { modelsDir, asOf: cutoff });
    const safest = before.customers[before.customers.length - 1]!;
    expect(safest.risk_class).toBe('A');
    await setRiskOverride(db, {
      customerId: safest.customer_id,
      riskClass: 'E',
      reason: 'insolvency proceedings',
      effectiveDate: '2025-03-01',
    });
    const forced = (await computeRisk(db, { modelsDir, asOf: cutoff })).customers.find(
      (c) => c.customer_id === safest.customer_id,
    )!;
    expect(forced.risk_class).toBe('E');
    expect(forced.reasons[0]).toBe('manual override: insolvency proceedings');
    const earlier = (await computeRisk(db, { modelsDir, asOf: '2025-02-28' })).customers.find(
      (c) => c.customer_id === safest.customer_id,
    )!;
    expect(earlier.risk_class).not.toBe('E');
    await setRiskOverride(db, {
      customerId: safest.customer_id,
      riskClass: null,
      reason: 'proceedings closed',
      effectiveDate: '2025-03-15',
    });
    const cleared = (await computeRisk(db, { modelsDir, asOf: cutoff })).customers.find(
      (c) => c.customer_id === safest.customer_id,
    )!;
    expect(cleared.risk_class).toBe('A');
    await expect(
      setRiskOverride(db, { customerId: 'NOPE', riskClass: 'E', reason: 'x', effectiveDate: cutoff }),
    ).rejects.toThrow(/not in the warehouse/);
    await expect(
      setRiskOverride(db, {
        customerId: safest.customer_id,
        riskClass: 'F',
        reason: 'x',
        effectiveDate: cutoff,
      }),
    ).rejects.toThrow(/--class must be one of/);
  });
});

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}
