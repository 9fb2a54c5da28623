// Measures KPI and aging latency on a synthetic ledger generated in SQL (bench-ledger.ts) in a temporary warehouse:
//   npx tsx warehouse/kpi/measure-latency.ts [invoices=1000000]
// Prints one JSON line per measurement: wall and process CPU milliseconds (min and median of 7 runs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays } from '../../lib/dates.js';
import { runTransforms } from '../transform.js';
import { generateBenchLedger } from './bench-ledger.js';
import { computeAging, computeKpis, materializeKpiSnapshots } from './index.js';
import { openTestWarehouse } from './test-ledger.js';

const invoices = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'encours-kpi-latency-'));
const db = await openTestWarehouse(join(dir, 'warehouse.duckdb'));
try {
  let started = performance.now();
  await generateBenchLedger(db, invoices);
  report('generate raw rows', [performance.now() - started], []);
  started = performance.now();
  await runTransforms(db);
  report('transforms (staging, core, marts)', [performance.now() - started], []);
  for (const asOf of ['2024-06-30', '2025-06-30']) {
    await measure(`kpi group ${asOf}`, () => computeKpis(db, { asOf }));
    await measure(`kpi company FR01 ${asOf}`, () => computeKpis(db, { asOf, companyId: 'FR01' }));
    await measure(`kpi currency USD ${asOf}`, () => computeKpis(db, { asOf, currency: 'USD' }));
    await measure(`aging by company ${asOf}`, () => computeAging(db, { asOf, by: 'company' }));
    await measure(`aging by customer ${asOf}`, () => computeAging(db, { asOf, by: 'customer' }));
  }
  const year = Array.from({ length: 365 }, (_, i) => addDays('2025-01-01', i));
  await measure('snapshots: 365 days x 4 scopes', () => materializeKpiSnapshots(db, year), 3);
} finally {
  db.close();
  rmSync(dir, { recursive: true, force: true });
}

async function measure(label: string, work: () => Promise<unknown>, rounds = 7): Promise<void> {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const cpuBefore = process.cpuUsage();
    const before = performance.now();
    await work();
    wall.push(performance.now() - before);
    const used = process.cpuUsage(cpuBefore);
    cpu.push((used.user + used.system) / 1000);
  }
  report(label, wall, cpu);
}

function report(label: string, wall: number[], cpu: number[]): void {
  const stats = (ms: number[]) => {
    const sorted = [...ms].sort((a, b) => a - b);
    return {
      min: Math.round(sorted[0] ?? 0),
      median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? 0),
    };
  };
  process.stdout.write(JSON.stringify({ invoices, label, wallMs: stats(wall), cpuMs: stats(cpu) }) + '\n');
}
