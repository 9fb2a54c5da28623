import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { computeAging, type AgingKey, type AgingReport } from '../../warehouse/kpi/index.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { addScopeOptions, checkScopeOptions, formatMoney, type ScopeOptions } from './kpi.js';

/** `encours aging`: the aged balance by due date, per customer or per company, with totals. */
export function registerAgingCommand(program: Command, context: ContextFactory): void {
  addScopeOptions(program.command('aging'))
    .description(
      'Aged balance by due date (not due, 1-30, 31-60, 61-90, over 90 days past due, unapplied credit)',
    )
    .option('--by <key>', 'one row per customer or per company', 'customer')
    .option(
      '--currency <code>',
      'only the facts in this currency, unconverted (default: all, in the reporting currency)',
    )
    .action(async (options: ScopeOptions & { by: string }) => {
      if (options.by !== 'customer' && options.by !== 'company') {
        throw new EncoursError('bad_input', `--by must be "customer" or "company", got "${options.by}"`);
      }
      const ctx = context();
      const scope = { ...checkScopeOptions(options), by: options.by as AgingKey };
      const report = await ctx.withWarehouse((db) => computeAging(db, scope));
      if (options.json) printJson(ctx.stdout, report);
      else printAgingReport(ctx.stdout, report);
    });
}

function printAgingReport(out: NodeJS.WritableStream, report: AgingReport): void {
  out.write(`Aged balance by due date as of ${report.asOf}, by ${report.by}, in ${report.currency}\n`);
  const format = (key: string, buckets: AgingReport['totals']) => ({
    [report.by]: key,
    ...Object.fromEntries(Object.entries(buckets).map(([k, v]) => [k, formatMoney(v as number)])),
  });
  printTable(out, [
    ...report.rows.map(({ key, ...buckets }) => format(key, buckets)),
    format('TOTAL', report.totals),
  ]);
}
