// Benchmark phase `models` (DESIGN.md §9: features + training on 1M invoices ≤ 5 min on 2 cores; scoring 1M open
// invoices ≤ 60 s) on the warehouse the importCanonical phase built. Wall and CPU seconds of this process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scoreOpenInvoices, trainModel } from '../../models/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';

export async function benchModels(args: { warehouse: string }): Promise<Record<string, unknown>> {
  const db = await openWarehouse({ warehousePath: args.warehouse, reportingCurrency: 'EUR' });
  const modelsDir = mkdtempSync(join(tmpdir(), 'bench-models-'));
  try {
    let cpu = process.cpuUsage();
    let started = performance.now();
    const model = await trainModel(db, { modelsDir });
    const trainSeconds = (performance.now() - started) / 1000;
    const trainCpuSeconds = seconds(process.cpuUsage(cpu));
    cpu = process.cpuUsage();
    started = performance.now();
    const scored = await scoreOpenInvoices(db, { modelsDir, reportingCurrency: 'EUR' });
    const scoreSeconds = (performance.now() - started) / 1000;
    return {
      trainSeconds,
      trainCpuSeconds,
      backend: model.backend,
      delayRows: model.dataWindow.delayRows,
      timingRows: model.dataWindow.timingRows,
      auc: model.metrics.delay.model.auc,
      brier: model.metrics.delay.model.brier,
      customerHistoryAuc: model.metrics.delay.customerHistory.auc,
      customerHistoryBrier: model.metrics.delay.customerHistory.brier,
      scoreSeconds,
      scoreCpuSeconds: seconds(process.cpuUsage(cpu)),
      scoredInvoices: scored.invoices,
      scoredCustomers: scored.customers,
    };
  } finally {
    db.close();
    rmSync(modelsDir, { recursive: true, force: true });
  }
}

function seconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}
