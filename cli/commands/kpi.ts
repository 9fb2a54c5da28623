import type { Command } from 'commander';
import { isIsoDate } from '../../lib/dates.js';
import { EncoursError } from '../../lib/errors.js';
import { computeKpis, type KpiReport } from '../../warehouse/kpi/index.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';

export interface ScopeOptions {
  asOf?: string;
  company?: string;
  currency?: string;
  json?: boolean;
}

/** `encours kpi`: the receivables KPIs of DESIGN.md §4 as of a date (docs/kpis.md). */
export function registerKpiCommand(program: Command, context: ContextFactory): void {
  addScopeOptions(program.command('kpi'))
    .description(
      'Receivables KPIs as of a date: aged balance, DSO (simple and countback), BPDSO, ADD, CEI, collection rate',
    )
    .option(
      '--currency <code>',
      'only the facts in this currency, unconverted (default: all, in the reporting currency)',
    )
    .action(async (options: ScopeOptions) => {
      const ctx = context();
      const scope = checkScopeOptions(options);
      const report = await ctx.withWarehouse((db) => computeKpis(db, scope));
      if (options.json) printJson(ctx.stdout, report);
      else printKpiReport(ctx.stdout, report, options.company);
    });
}

export function addScopeOptions(command: Command): Command {
  return command
    .option(
      '--as-of <date>',
      'as-of date YYYY-MM-DD (default: the latest date with ledger data, or today if earlier)',
    )
    .option('--company <id>', 'one company (default: the whole group, consolidated)')
    .option('--json', 'print JSON instead of tables');
}

export function checkScopeOptions(options: ScopeOptions): {
  asOf?: string;
  companyId?: string;
  currency?: string;
} {
  if (options.asOf !== undefined && !isIsoDate(options.asOf)) {
    throw new EncoursError(
      'bad_input',
      `--as-of must be a real date written YYYY-MM-DD, got "${options.asOf}"`,
    );
  }
  if (options.currency !== undefined && !/^[A-Za-z]{3}$/.test(options.currency)) {
    throw new EncoursError(
      'bad_input',
      `--currency must be an ISO 4217 code such as EUR, got "${options.currency}"`,
    );
  }
  return { asOf: options.asOf, companyId: options.company, currency: options.currency };
}

export function formatMoney(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function formatRatio(value: number | null, unit: string): string {
  return value === null ? 'n/a (no denominator)' : `${value.toFixed(2)} ${unit}`;
}

function printKpiReport(out: NodeJS.WritableStream, report: KpiReport, company: string | undefined): void {
  out.write(
    `Receivables as of ${report.asOf}, ${company ? `company ${company}` : 'group'}, in ${report.currency}\n`,
  );
  const aging = Object.fromEntries(Object.entries(report.aging).map(([k, v]) => [k, formatMoney(v)]));
  printTable(out, [aging]);
  printTable(
    out,
    [
      { kpi: 'DSO (simple, 90 days)', value: formatRatio(report.dso.simple, 'days') },
      { kpi: 'DSO (countback)', value: formatRatio(report.dso.countback, 'days') },
      { kpi: 'BPDSO (best possible)', value: formatRatio(report.bpdso, 'days') },
      { kpi: 'ADD (average days delinquent)', value: formatRatio(report.add, 'days') },
      { kpi: 'CEI (last 30 days)', value: formatRatio(report.cei, '%') },
      { kpi: 'Collection rate (last 30 days)', value: formatRatio(report.collection_rate, '%') },
    ],
    ['kpi', 'value'],
  );
}
