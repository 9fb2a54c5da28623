import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Calendar, formatEpochDay } from './calendar.js';
import { CanonicalSink } from './canonical-sink.js';
import { buildCustomers } from './customers.js';
import { writeCustomers, writePayerTruth } from './customers-writer.js';
import { FecSink } from './fec-sink.js';
import { buildFxTable, writeFxRates } from './fx.js';
import type { LedgerSink } from './ledger.js';
import { drawSiren } from './names.js';
import { resolveOptions, type GenerateOptions, type LedgerFormat } from './options.js';
import { mixSeed, Rng } from './random.js';
import { simulateLedger } from './simulator.js';

export type { GenerateOptions, LedgerFormat } from './options.js';
export { addTerms, parseTerms, type Terms } from './terms.js';
export { FEC_COLUMNS } from './fec-format.js';
export { PAYER_TYPES, type PayerType } from './payer-types.js';

/** SIRENs do not depend on the seed: company C1 always files under the same name, whatever the history. */
const SIREN_SEED = 0x51e7;

export interface GenerateReport {
  format: LedgerFormat;
  outDir: string;
  /** Every file written, under outDir. */
  files: string[];
  customers: number;
  invoices: number;
  creditNotes: number;
  payments: number;
  allocations: number;
  companies: string[];
  currencies: string[];
  startDate: string;
  endDate: string;
}

/**
 * Writes a deterministic synthetic ledger to `outDir`: customers.csv, fx_rates.csv and truth/payers.csv, plus
 * either the canonical CSV files or one FEC per company and fiscal year. Same options ⇒ byte-identical files.
 */
export async function generateLedger(options: GenerateOptions): Promise<GenerateReport> {
  const opts = resolveOptions(options);
  const root = new Rng(mixSeed(opts.seed));
  const calendar = new Calendar(opts.startEpoch, opts.endEpoch);
  const fx = buildFxTable(root.fork(1), opts.currencies, calendar);
  const customers = buildCustomers(root.fork(2), opts.customers, opts.companies.length, fx, calendar);
  const sirenRng = new Rng(SIREN_SEED);
  const sirens = opts.companies.map(() => drawSiren(sirenRng));

  mkdirSync(join(opts.outDir, 'truth'), { recursive: true });
  const files = [join(opts.outDir, 'customers.csv'), join(opts.outDir, 'fx_rates.csv')];
  writeCustomers(files[0]!, customers, opts.currencies);
  writeFxRates(files[1]!, fx, calendar);
  files.push(join(opts.outDir, 'truth', 'payers.csv'));
  writePayerTruth(files[2]!, customers, calendar);

  const sink: LedgerSink =
    opts.format === 'fec'
      ? new FecSink(opts.outDir, calendar, fx, opts.companies, sirens)
      : new CanonicalSink(opts.outDir, calendar, opts.currencies, opts.companies);
  let counts;
  try {
    const input = { rng: root.fork(4), calendar, customers, companyIds: opts.companies };
    counts = await simulateLedger({ ...input, invoices: opts.invoices, onProgress: opts.onProgress }, sink);
  } finally {
    files.push(...sink.close());
  }
  return {
    format: opts.format,
    outDir: opts.outDir,
    files,
    customers: customers.length,
    ...counts,
    companies: opts.companies,
    currencies: opts.currencies,
    startDate: formatEpochDay(opts.startEpoch),
    endDate: formatEpochDay(opts.endEpoch),
  };
}
