import type { Command } from 'commander';
import { importFec, type FecImportOptions } from '../../pipelines/fec/import.js';
import type { ImportReport } from '../../pipelines/load.js';
import { printJson, printTable } from '../output.js';
import type { CliContext } from '../context.js';

interface Flags {
  company?: string;
  termsFile?: string;
  defaultTerms?: string;
  receivablePrefix?: string;
  unlettered?: string;
  salesJournals?: string;
  openingJournals?: string;
  currency?: string;
  json?: boolean;
}

/** `encours import fec FILE...`: one FEC per fiscal year (docs/import-fec.md). */
export function registerImportFecCommand(importCommand: Command, context: () => CliContext): void {
  importCommand
    .command('fec')
    .description('Load FEC files (Fichier des Écritures Comptables), one per fiscal year, all or nothing')
    .argument('<files...>', 'FEC files (<SIREN>FEC<AAAAMMJJ>.txt); tab or | separated, UTF-8 or ISO-8859-15')
    .option(
      '--company <id>',
      'company the files belong to (default: the SIREN in the file name, else "default")',
    )
    .option(
      '--terms-file <csv>',
      'customers with payment terms: customer_id,name,payment_terms (30, 60, 45FM)',
    )
    .option('--default-terms <terms>', 'terms of customers the terms file does not list (default 30)')
    .option('--receivable-prefix <digits>', 'receivable accounts start with these digits (default 411)')
    .option('--unlettered <policy>', 'unlettered credit: "unapplied" (default) or "oldest-first"')
    .option(
      '--sales-journals <codes>',
      'journal codes whose credits are credit notes (default VT,VE,… or a "Ventes" label)',
    )
    .option(
      '--opening-journals <codes>',
      'journal codes of opening entries (default AN,OUV,RAN,… or an "A nouveaux" label)',
    )
    .option('--currency <code>', 'company currency (default: the reporting currency)')
    .option('--json', 'print the import report as JSON')
    .action(async (files: string[], flags: Flags) => {
      const ctx = context();
      const options: FecImportOptions = {
        companyId: flags.company,
        termsFile: flags.termsFile,
        defaultTerms: flags.defaultTerms?.toUpperCase(),
        receivablePrefix: flags.receivablePrefix,
        unlettered: flags.unlettered as FecImportOptions['unlettered'],
        salesJournals: splitCodes(flags.salesJournals),
        openingJournals: splitCodes(flags.openingJournals),
        currency: flags.currency?.toUpperCase(),
      };
      const report = await ctx.withWarehouse((db) => importFec(db, files, options, ctx.log));
      if (flags.json) printJson(ctx.stdout, report);
      else printReport(ctx, report);
    });
}

function splitCodes(text: string | undefined): string[] | undefined {
  return text === undefined
    ? undefined
    : text
        .split(',')
        .map((c) => c.trim().toUpperCase())
        .filter(Boolean);
}

function printReport(ctx: CliContext, report: ImportReport): void {
  const out = ctx.stdout;
  if (report.unchanged) out.write('Nothing new: every line is already in the warehouse.\n');
  else out.write(`Load ${report.loadId} (company ${report.companyId ?? 'several'}):\n`);
  printTable(
    out,
    Object.entries(report.counts).map(([entity, c]) => ({ entity, ...c })),
    ['entity', 'inserted', 'updated', 'unchanged'],
  );
  for (const warning of report.warnings) out.write(`warning: ${warning}\n`);
}
