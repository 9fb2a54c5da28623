import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCanonical } from '../pipelines/canonical/import.js';
import { generateLedger } from '../pipelines/generator/index.js';
import type { Warehouse } from '../warehouse/db.js';
import { evaluateModel } from './evaluate.js';
import { evaluateForecast } from './forecast-evaluate.js';
import { openTestWarehouse } from './testing/warehouse.js';

/** The quality bar of issue [Models] on a generated ledger (generator + canonical importer, the real components). */
describe('quality bar on generated data', () => {
  let db: Warehouse;
  let dispose: () => void;
  let dir: string;
  beforeAll(async () => {
    ({ db, dispose } = await openTestWarehouse());
    dir = mkdtempSync(join(tmpdir(), 'encours-generated-'));
    await generateLedger({ outDir: dir, customers: 160, invoices: 7000, seed: 42 });
    await importCanonical(db, dir);
  });
  afterAll(() => {
    dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the model beats the customer-history baseline in AUC and Brier', async () => {
    const report = await evaluateModel(db, { cutoff: '2025-06-30' });
    expect(report.n_test).toBeGreaterThan(500);
    expect(report.model.auc!).toBeGreaterThan(report.baselines.customer_history.auc!);
    expect(report.model.brier!).toBeLessThan(report.baselines.customer_history.brier!);
    expect(report.baselines.prior.auc).toBe(0.5);
  });

  it('the forecast beats the due-date and average-delay baselines in WAPE', async () => {
    const report = await evaluateForecast(db, {
      cutoffs: ['2025-04-30', '2025-08-31'],
      weeks: 8,
      training: { maxRows: 10_000 },
    });
    expect(report.cutoffs.map((c) => c.actual.length)).toEqual([8, 8]);
    expect(report.wape.model!).toBeLessThan(report.wape.avg_delay!);
    expect(report.wape.model!).toBeLessThan(report.wape.due_date!);
  });
});
