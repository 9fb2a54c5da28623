import type { Command } from 'commander';
import { generateLedger, type LedgerFormat } from '../../pipelines/generator/index.js';
import { EncoursError } from '../../lib/errors.js';
import { printJson, printRecord, startProgress } from '../output.js';
import type { ContextFactory } from './index.js';

interface GenerateFlags {
  out: string;
  customers: string;
  invoices: string;
  seed: string;
  companies: string;
  currencies: string;
  format: string;
  start?: string;
  end: string;
  json?: boolean;
}

export function registerGenerateCommand(program: Command, context: ContextFactory): void {
  program
    .command('generate')
    .description('Write a realistic, deterministic synthetic ledger (canonical CSV or yearly FEC files)')
    .requiredOption('--out <dir>', 'folder to write the ledger into')
    .requiredOption('--customers <n>', 'number of customers')
    .requiredOption('--invoices <n>', 'number of invoices')
    .requiredOption('--seed <n>', 'random seed: the same seed gives the same files, byte for byte')
    .option('--companies <k>', 'companies C1..Ck sharing customers', '1')
    .option('--currencies <list>', 'currencies, the first being the reporting currency', 'EUR')
    .option('--format <format>', 'canonical | fec', 'canonical')
    .option('--start <date>', 'first day of the history (default: three years before --end)')
    .option('--end <date>', 'last day of the history', '2025-12-31')
    .option('--json', 'print the report as JSON')
    .action(async (flags: GenerateFlags) => {
      const { stdout } = context();
      const invoices = readCount(flags.invoices, '--invoices');
      const progress = flags.json ? undefined : startProgress('generating', invoices);
      try {
        const report = await generateLedger({
          outDir: flags.out,
          customers: readCount(flags.customers, '--customers'),
          invoices,
          seed: readCount(flags.seed, '--seed'),
          companies: readCount(flags.companies, '--companies'),
          currencies: flags.currencies.split(',').map((c) => c.trim().toUpperCase()),
          format: flags.format as LedgerFormat,
          startDate: flags.start,
          endDate: flags.end,
          onProgress: (done, total) => progress?.update(done, total),
        });
        progress?.stop();
        if (flags.json) return printJson(stdout, report);
        const { files, ...summary } = report;
        printRecord(stdout, { ...summary, files: files.length });
      } catch (error) {
        progress?.stop();
        if (error instanceof EncoursError) throw error;
        throw new EncoursError('bad_input', `cannot generate the ledger: ${(error as Error).message}`, {
          cause: error,
        });
      }
    });
}

function readCount(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) {
    throw new EncoursError('bad_input', `${flag} must be a whole number, got "${text}"`);
  }
  return value;
}
