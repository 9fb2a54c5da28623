import type { Command } from 'commander';
import { importCanonical } from '../../pipelines/canonical/import.js';
import type { ImportReport } from '../../pipelines/load.js';
import { printJson, printTable } from '../output.js';
import type { CliContext } from '../context.js';

interface Flags {
  company?: string;
  json?: boolean;
}

/** `encours import canonical DIR`: a folder of canonical CSV files (docs/import-canonical.md). */
export function registerImportCanonicalCommand(importCommand: Command, context: () => CliContext): void {
  importCommand
    .command('canonical')
    .description(
      'Load a folder of canonical CSV files (customers, invoices, payments, allocations, fx_rates), all or nothing',
    )
    .argument(
      '<dir>',
      'folder holding customers.csv, invoices.csv, payments.csv, allocations.csv and/or fx_rates.csv',
    )
    .option(
      '--company <id>',
      'company of rows without a company_id value (default: the company already known for the id, else "default")',
    )
    .option('--json', 'print the import report as JSON')
    .action(async (dir: string, flags: Flags) => {
      const ctx = context();
      const report = await ctx.withWarehouse((db) =>
        importCanonical(db, dir, { companyId: flags.company, log: ctx.log }),
      );
      if (flags.json) printJson(ctx.stdout, report);
      else printSummary(ctx, report);
    });
}

function printSummary(ctx: CliContext, report: ImportReport): void {
  const out = ctx.stdout;
  if (report.unchanged) out.write('Nothing new: every row is already in the warehouse.\n');
  else out.write(`Load ${report.loadId}${report.companyId ? ` (company ${report.companyId})` : ''}:\n`);
  const rows = Object.entries(report.counts).map(([entity, c]) => ({ entity, ...c }));
  printTable(out, rows, ['entity', 'inserted', 'updated', 'unchanged']);
  for (const warning of report.warnings) out.write(`warning: ${warning}\n`);
}
