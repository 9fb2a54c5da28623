import { formatEpochDay, parseEpochDay } from './calendar.js';

export type LedgerFormat = 'canonical' | 'fec';

export interface GenerateOptions {
  outDir: string;
  customers: number;
  invoices: number;
  seed: number;
  /** Number of companies C1, C2 … sharing customers (default 1). */
  companies?: number;
  /** ISO currency codes; the first is the reporting (and company) currency. Default ['EUR']. */
  currencies?: string[];
  format?: LedgerFormat;
  /** ISO date; default: the day after endDate three years earlier (2023-01-01 for 2025-12-31). */
  startDate?: string;
  /** ISO date; default '2025-12-31'. */
  endDate?: string;
  /** Called every few thousand invoices with (invoices done, invoices in total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ResolvedOptions {
  outDir: string;
  customers: number;
  invoices: number;
  seed: number;
  companies: string[];
  currencies: string[];
  format: LedgerFormat;
  startEpoch: number;
  endEpoch: number;
  onProgress: (done: number, total: number) => void;
}

const MAX_COMPANIES = 99;

/** Fills the defaults and rejects bad options with what was wrong and what to pass instead. */
export function resolveOptions(opts: GenerateOptions): ResolvedOptions {
  requireInteger(opts.customers, 'customers', 1);
  requireInteger(opts.invoices, 'invoices', 0);
  if (!Number.isFinite(opts.seed)) throw new Error(`seed must be a finite number, got ${opts.seed}`);
  const companyCount = opts.companies ?? 1;
  requireInteger(companyCount, 'companies', 1, MAX_COMPANIES);
  const currencies = opts.currencies ?? ['EUR'];
  if (currencies.length === 0)
    throw new Error('currencies must list at least the reporting currency, e.g. EUR');
  for (const code of currencies) {
    if (!/^[A-Z]{3}$/.test(code))
      throw new Error(`currency "${code}" is not a 3-letter ISO code such as EUR or USD`);
  }
  if (new Set(currencies).size !== currencies.length)
    throw new Error(`currencies repeat a code: ${currencies}`);
  const format = opts.format ?? 'canonical';
  if (format !== 'canonical' && format !== 'fec') {
    throw new Error(`format must be "canonical" or "fec", got "${String(format)}"`);
  }
  const endEpoch = parseEpochDay(opts.endDate ?? '2025-12-31', 'endDate');
  const startEpoch = opts.startDate ? parseEpochDay(opts.startDate, 'startDate') : defaultStart(endEpoch);
  if (startEpoch > endEpoch) {
    throw new Error(`startDate ${formatEpochDay(startEpoch)} is after endDate ${formatEpochDay(endEpoch)}`);
  }
  if (!opts.outDir) throw new Error('outDir is required: the folder the ledger files are written to');
  return {
    outDir: opts.outDir,
    customers: opts.customers,
    invoices: opts.invoices,
    seed: opts.seed,
    companies: Array.from({ length: companyCount }, (_, i) => `C${i + 1}`),
    currencies,
    format,
    startEpoch,
    endEpoch,
    onProgress: opts.onProgress ?? (() => undefined),
  };
}

function defaultStart(endEpoch: number): number {
  const end = new Date(endEpoch * 86_400_000);
  const threeYearsBefore = Date.UTC(end.getUTCFullYear() - 3, end.getUTCMonth(), end.getUTCDate());
  return threeYearsBefore / 86_400_000 + 1;
}

function requireInteger(value: number, name: string, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}
