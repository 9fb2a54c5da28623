/**
 * Benchmark of the models on a generated ledger (DESIGN.md §9): features + training on 1M invoices (target ≤ 5 min
 * on 2 cores), scoring 1M invoices (≤ 60 s), and the nightly score stage. Usage:
 *   node --import tsx models/bench/model-bench.ts [--invoices 1000000] [--customers 50000] [--companies 1]
 *     [--currencies EUR,USD] [--dir /tmp/encours-bench] [--importer] [--models DIR]
 * The generated ledger and its warehouse are cached in --dir and reused by later runs. The ledger is loaded with
 * read_csv straight into the raw layer unless --importer asks for the canonical importer.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { openDuckDb } from '../../warehouse/db.js';
import { findLastFactDate } from '../../warehouse/features/scope.queries.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';
import { selectBackend } from '../backend.js';
import { BUCKETS } from '../buckets.js';
import { predictInBatches, withFeatureSession } from '../datasets.js';
import { computeFeatures } from '../../warehouse/features/point-features.queries.js';
import { createIssuePoints } from '../../warehouse/features/points.queries.js';
import { deriveOutcomes, predictDelay } from '../delay-model.js';
import { DELAY_COLUMNS } from '../evaluate.js';
import { scoreOpenInvoices } from '../scoring.js';
import { trainModel } from '../train.js';
import { loadChampion } from '../registry.js';
import { loadGeneratedLedger } from './load-generated.js';

const { values } = parseArgs({
  options: {
    invoices: { type: 'string', default: '1000000' },
    customers: { type: 'string', default: '50000' },
    companies: { type: 'string', default: '1' },
    currencies: { type: 'string', default: 'EUR' },
    dir: { type: 'string', default: join(tmpdir(), 'encours-model-bench') },
    importer: { type: 'boolean', default: false },
    models: { type: 'string' },
  },
});
const invoices = Number(values.invoices);
const customers = Number(values.customers);
const companies = Number(values.companies);
const currencies = values.currencies!.split(',');
const root = join(values.dir!, `${invoices}-${customers}-${companies}-${currencies.join('')}`);
const ledgerDir = join(root, 'ledger');
const dbPath = join(root, 'warehouse.duckdb');
const modelsDir = values.models ?? join(root, `models-${Date.now()}`);

/** Wall time, and the process's CPU time (JS + wasm + DuckDB threads): on a busy machine the CPU time is fairer. */
async function time<T>(label: string, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const cpu = process.cpuUsage();
  const result = await work();
  const used = process.cpuUsage(cpu);
  const rss = Math.round(process.memoryUsage().rss / 1e6);
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  process.stdout.write(
    `${label}: ${seconds(Date.now() - started)} s wall, ${seconds((used.user + used.system) / 1000)} s CPU (rss ${rss} MB)\n`,
  );
  return result;
}

mkdirSync(root, { recursive: true });
const fresh = !existsSync(dbPath);
if (!existsSync(join(ledgerDir, 'invoices.csv'))) {
  await time(`generate ${invoices} invoices`, () =>
    generateLedger({ outDir: ledgerDir, customers, invoices, companies, currencies, seed: 2025 }),
  );
}
const db = await openDuckDb(dbPath, { settings: { threads: '2' } });
await prepareWarehouse(db, 'EUR');
if (fresh && values.importer)
  await time('canonical import + transforms', () => importCanonical(db, ledgerDir));
if (fresh && !values.importer)
  await time('raw load (read_csv) + transforms', () => loadGeneratedLedger(db, ledgerDir));
process.stdout.write(`backend: ${await selectBackend()}\n`);
const version =
  loadChampion(modelsDir) ??
  (await time('features + training (model train)', () => trainModel(db, { modelsDir })));
process.stdout.write(
  `  ${JSON.stringify(version.timingsMs)} delay rows ${version.dataWindow.delayRows}, timing rows ${version.dataWindow.timingRows}\n`,
);
process.stdout.write(`  validation ${JSON.stringify(version.metrics)}\n`);
await time('scoring every invoice (features + inference, 1 point per invoice)', () =>
  withFeatureSession(db, {}, async (session) => {
    const { n } = await createIssuePoints(session, 'true');
    await computeFeatures(session);
    const probs = await predictInBatches(session, DELAY_COLUMNS, n, BUCKETS.length, (columns, rows) =>
      predictDelay(version.delay, columns, rows),
    );
    deriveOutcomes(version.delay, probs, n);
    process.stdout.write(`  ${n} invoices scored\n`);
  }),
);
const asOf = await withFeatureSession(db, {}, (s) => findLastFactDate(s));
const report = await time('score stage (open invoices, customers, forecast, writes)', () =>
  scoreOpenInvoices(db, { modelsDir, reportingCurrency: 'EUR', asOf: asOf! }),
);
process.stdout.write(`  ${JSON.stringify(report)}\n`);
db.close();
