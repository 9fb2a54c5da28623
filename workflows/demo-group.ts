import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { generateLedger } from '../pipelines/generator/index.js';
import type { PipelineSource } from './pipeline/types.js';

export interface DemoOptions {
  home: string;
  /** The last day of the generated history (the day before the demo's as-of date). */
  endDate: string;
  customers?: number;
  invoices?: number;
  seed?: number;
}

export interface DemoGroup {
  sources: PipelineSource[];
  customers: number;
  invoices: number;
  payments: number;
}

/**
 * Generates the demo group — companies C1, C2 (canonical CSV exports) and C3 (yearly FEC files), EUR and USD, three
 * years — and drops each company's exports into its drop folder under `$ENCOURS_HOME/drop/`.
 */
export async function prepareDemoGroup(options: DemoOptions): Promise<DemoGroup> {
  const work = join(options.home, 'demo', 'generated');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(join(options.home, 'demo'), { recursive: true });
  const common = {
    customers: options.customers ?? 2000,
    invoices: options.invoices ?? 60_000,
    seed: options.seed ?? 2026,
    companies: 3,
    currencies: ['EUR', 'USD'],
    endDate: options.endDate,
  };
  const canonical = await generateLedger({ ...common, format: 'canonical', outDir: join(work, 'canonical') });
  await generateLedger({ ...common, format: 'fec', outDir: join(work, 'fec') });
  const [c1, c2, c3] = listDemoSources(options.home) as [PipelineSource, PipelineSource, PipelineSource];
  const drop = (company: string) => join(options.home, 'drop', company);
  const exportName = `export-${options.endDate}`;
  for (const company of ['C1', 'C2'])
    splitCanonical(join(work, 'canonical'), company, join(drop(company), exportName));
  cpSync(join(work, 'fec', 'customers.csv'), c3.options.termsFile!);
  mkdirSync(drop('C3'), { recursive: true });
  for (const file of readdirSync(join(work, 'fec', 'C3')))
    cpSync(join(work, 'fec', 'C3', file), join(drop('C3'), file));
  rmSync(work, { recursive: true, force: true });
  return {
    sources: [c1, c2, c3],
    customers: canonical.customers,
    invoices: canonical.invoices,
    payments: canonical.payments,
  };
}

/** The demo's sources: C1, C2 canonical, C3 FEC (with the generated customers file as its terms file). */
export function listDemoSources(home: string): PipelineSource[] {
  const drop = (company: string) => join(home, 'drop', company);
  return [
    { company: 'C1', format: 'canonical', dropDir: drop('C1'), options: {} },
    { company: 'C2', format: 'canonical', dropDir: drop('C2'), options: {} },
    {
      company: 'C3',
      format: 'fec',
      dropDir: drop('C3'),
      options: { termsFile: join(home, 'demo', 'C3-terms.csv') },
    },
  ];
}

/** One company's canonical export: its invoices, payments and the allocations of its credits; all customers and rates. */
function splitCanonical(from: string, company: string, to: string): void {
  const staging = `${to}.part`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  cpSync(join(from, 'customers.csv'), join(staging, 'customers.csv'));
  cpSync(join(from, 'fx_rates.csv'), join(staging, 'fx_rates.csv'));
  const invoices = filterCsv(join(from, 'invoices.csv'), (row) => row.company_id === company);
  const payments = filterCsv(join(from, 'payments.csv'), (row) => row.company_id === company);
  const credits = new Set([
    ...invoices.rows.map((r) => r.document_id),
    ...payments.rows.map((r) => r.payment_id),
  ]);
  const allocations = filterCsv(join(from, 'allocations.csv'), (row) => credits.has(row.source_id));
  writeCsv(join(staging, 'invoices.csv'), invoices);
  writeCsv(join(staging, 'payments.csv'), payments);
  writeCsv(join(staging, 'allocations.csv'), allocations);
  rmSync(to, { recursive: true, force: true });
  renameSync(staging, to); // appears whole: the pipeline ignores `*.part` names
}

type CsvRow = Record<string, string>;
interface CsvTable {
  columns: string[];
  rows: CsvRow[];
}

function filterCsv(file: string, keep: (row: CsvRow) => boolean): CsvTable {
  const [header = [], ...records] = parse(readFileSync(file)) as string[][];
  const rows = records.map((r) => Object.fromEntries(header.map((c, i) => [c, r[i] ?? '']))).filter(keep);
  return { columns: header, rows };
}

function writeCsv(file: string, table: CsvTable): void {
  writeFileSync(file, stringify(table.rows, { header: true, columns: table.columns }));
}
