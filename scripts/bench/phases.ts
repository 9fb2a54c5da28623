import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateLedger } from '../../pipelines/generator/index.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { importFec } from '../../pipelines/fec/import.js';
import { computeAging, computeKpis } from '../../warehouse/kpi/index.js';
import { openDuckDb } from '../../warehouse/db.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { createSilentLog } from '../../lib/log.js';
import { benchApiLoad } from './api-load.js';
import { benchDunningPlan } from './dunning-plan.js';
import { benchCollectionThroughput } from './collection-throughput.js';
import { benchModels } from './models.js';
import { summariseLatencies } from './latency.js';

type Args = Record<string, string | number>;
export type Phase = (args: Args) => Promise<Record<string, unknown>>;

const warehouseConfig = (path: string) => ({ warehousePath: path, reportingCurrency: 'EUR' });

/** Every benchmark phase by name; each runs in a child process started by run.ts. */
export const PHASES: Record<string, Phase> = {
  async generate(args) {
    const report = await generateLedger({
      outDir: String(args.out),
      customers: Number(args.customers),
      invoices: Number(args.invoices),
      seed: 1,
      companies: Number(args.companies ?? 1),
      currencies: ['EUR', 'USD'],
      format: args.format === 'fec' ? 'fec' : 'canonical',
    });
    return {
      invoices: report.invoices,
      creditNotes: report.creditNotes,
      payments: report.payments,
      allocations: report.allocations,
    };
  },

  /** DuckDB's own read_csv of the same canonical files into a fresh database file: the reference time. */
  async duckdbReadCsv(args) {
    const dir = mkdtempSync(join(tmpdir(), 'bench-readcsv-'));
    const db = await openDuckDb(join(dir, 'w.duckdb'));
    const started = performance.now();
    const startCpu = process.cpuUsage();
    for (const file of ['customers', 'invoices', 'payments', 'allocations', 'fx_rates']) {
      await db.run(
        `create table ${file} as select * from read_csv('${join(String(args.ledger), file + '.csv')}')`,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuSeconds(startCpu);
    db.close();
    rmSync(dir, { recursive: true, force: true });
    return { readCsvSeconds: seconds, readCsvCpuSeconds: cpu };
  },

  /**
   * `encours import canonical` into a fresh warehouse. commitSeconds: every check, raw and core written and committed
   * (the ledger is in the warehouse); importSeconds: that plus the marts rebuild that follows the commit.
   */
  async importCanonical(args) {
    const db = await openWarehouse(warehouseConfig(String(args.warehouse)));
    const started = performance.now();
    const startCpu = process.cpuUsage();
    let committed = 0;
    let commitCpu = 0;
    const report = await importCanonical(db, String(args.ledger), {
      log: createSilentLog(),
      onCommitted: () => {
        committed = performance.now();
        commitCpu = cpuSeconds(startCpu);
      },
    });
    const finished = performance.now();
    db.close();
    return {
      commitSeconds: (committed - started) / 1000,
      commitCpuSeconds: commitCpu,
      martsSeconds: (finished - committed) / 1000,
      importSeconds: (finished - started) / 1000,
      rows: report.counts,
    };
  },

  async importFec(args) {
    const root = String(args.ledger);
    const db = await openWarehouse(warehouseConfig(String(args.warehouse)));
    let lines = 0;
    const started = performance.now();
    for (const company of readdirSync(root).filter((d) => /^C\d+$/.test(d))) {
      const files = readdirSync(join(root, company))
        .filter((f) => f.endsWith('.txt'))
        .sort();
      const report = await importFec(
        db,
        files.map((f) => join(root, company, f)),
        { companyId: company, termsFile: join(root, 'customers.csv') },
        createSilentLog(),
      );
      lines += report.files.reduce((sum, f) => sum + f.rows, 0);
    }
    const importSeconds = (performance.now() - started) / 1000;
    db.close();
    return { importSeconds, lines };
  },

  async kpiLatency(args) {
    if (!existsSync(String(args.warehouse))) throw new Error(`no warehouse at ${args.warehouse}`);
    const db = await openWarehouse(warehouseConfig(String(args.warehouse)));
    const asOfs = ['2024-06-30', '2025-03-31', '2025-12-31'];
    const kpi: number[] = [];
    const aging: number[] = [];
    for (let round = 0; round < 7; round++) {
      for (const asOf of asOfs) {
        let t = performance.now();
        await computeKpis(db, { asOf });
        kpi.push(performance.now() - t);
        t = performance.now();
        await computeAging(db, { asOf, by: 'customer' });
        aging.push(performance.now() - t);
      }
    }
    db.close();
    return {
      kpiMs: summarise(kpi.slice(asOfs.length)),
      agingByCustomerMs: summarise(aging.slice(asOfs.length)),
    };
  },

  /** The reminder plan on a ledger of 100k customers (ten invoices each at the default size): target ≤ 10 s. */
  /** Features + training and scoring on the imported warehouse. */
  async models(args) {
    return benchModels({ warehouse: String(args.warehouse) });
  },

  /** Collection workflows on the dev server: signal-with-start and deliveries per second (issue [Reminders]). */
  async collectionThroughput(args) {
    return benchCollectionThroughput({ customers: Number(args.customers), invoices: Number(args.invoices) });
  },

  async dunningPlan(args) {
    return benchDunningPlan({ ledger: String(args.ledger), warehouse: String(args.warehouse) });
  },

  /** The API under 20 concurrent clients (admin and portfolio-scoped) over the canonical ledger: target p95 ≤ 150 ms. */
  async apiLoad(args) {
    return benchApiLoad({
      ledger: String(args.ledger),
      warehouse: String(args.warehouse),
      modelsDir: String(args.modelsDir),
      seconds: Number(args.seconds ?? 20),
      clients: Number(args.clients ?? 20),
    });
  },
};

/** CPU seconds of the process (every DuckDB thread included) since `from`: less sensitive than wall time to a busy machine. */
function cpuSeconds(from: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
}

function summarise(ms: number[]): { p50: number; p95: number; max: number } {
  const { p50, p95, max } = summariseLatencies(ms);
  return { p50, p95, max };
}
