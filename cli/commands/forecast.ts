import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { computeForecast, evaluateForecast, type ForecastSeries } from '../../models/index.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate, checkWeeks, formatAmount } from './model-options.js';

/** `encours forecast` (weekly expected collections with P10/P50/P90) and `forecast evaluate` (backtest by WAPE). */
export function registerForecastCommand(program: Command, context: ContextFactory): void {
  const forecast = program
    .command('forecast')
    // `forecast evaluate --weeks 8 --json`: options after the subcommand are the subcommand's.
    .enablePositionalOptions()
    .description(
      'Weekly expected collections of the open items with P10/P50/P90, by company, currency and consolidated',
    )
    .option(
      '--as-of <date>',
      'as-of date YYYY-MM-DD; week k = (as-of + 7(k-1), as-of + 7k] (default: the last ledger date)',
    )
    .option('--weeks <n>', 'horizon in weeks, 1 to 13', '13')
    .option('--company <id>', 'one company (default: the whole group)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; weeks?: string; company?: string; json?: boolean }) => {
      const ctx = context();
      const result = await ctx.withWarehouse((db) =>
        computeForecast(db, {
          modelsDir: ctx.config.modelsDir,
          reportingCurrency: ctx.config.reportingCurrency,
          asOf: checkDate(options.asOf, '--as-of'),
          weeks: checkWeeks(options.weeks, 13, 13),
          companyId: options.company,
        }),
      );
      if (options.json) return printJson(ctx.stdout, result);
      ctx.stdout.write(
        `Cash forecast as of ${result.asOf} (${result.method === 'model' ? `model ${result.model_version}` : 'no trained model: average-delay placement'})` +
          `${result.promises ? `, ${result.promises} promises to pay applied` : ''}\n`,
      );
      printSeries(
        ctx.stdout,
        options.company ? `Company ${options.company}` : 'Consolidated',
        result.consolidated,
      );
      if (!options.company)
        for (const s of result.by_company) printSeries(ctx.stdout, `Company ${s.company_id}`, s);
      for (const s of result.by_currency)
        if (s.currency !== result.reporting_currency)
          printSeries(ctx.stdout, `Company ${s.company_id}, ${s.currency} items`, s);
    });
  forecast
    .command('evaluate')
    .description('Backtest at several cutoffs: model vs due-date and average-delay placements, by WAPE')
    .requiredOption('--cutoffs <dates>', 'comma-separated cutoffs YYYY-MM-DD')
    .option('--weeks <n>', 'weeks after each cutoff, 1 to 13', '8')
    .option('--company <id>', 'one company (default: the whole group)')
    .option('--json', 'print JSON')
    .action(async (options: { cutoffs: string; weeks?: string; company?: string; json?: boolean }) => {
      const ctx = context();
      const cutoffs = options.cutoffs
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean)
        .map((c) => checkDate(c, '--cutoffs')!);
      if (cutoffs.length === 0)
        throw new EncoursError('bad_input', '--cutoffs needs at least one date, e.g. 2025-03-31,2025-06-30');
      const report = await ctx.withWarehouse((db) =>
        evaluateForecast(db, {
          cutoffs,
          weeks: checkWeeks(options.weeks, 8, 13),
          companyId: options.company,
        }),
      );
      if (options.json) return printJson(ctx.stdout, report);
      ctx.stdout.write(
        `Forecast backtest over ${report.cutoffs.length} cutoffs x ${report.weeks} weeks (WAPE, lower is better)\n`,
      );
      printTable(ctx.stdout, [
        { forecast: 'model', wape: fmt(report.wape.model) },
        { forecast: 'due date', wape: fmt(report.wape.due_date) },
        { forecast: 'average delay', wape: fmt(report.wape.avg_delay) },
      ]);
    });
}

function printSeries(out: NodeJS.WritableStream, title: string, s: ForecastSeries): void {
  out.write(
    `${title}: ${formatAmount(s.open_amount)} ${s.currency} open, ${formatAmount(s.beyond)} expected later or never\n`,
  );
  printTable(
    out,
    s.weeks.map((w) => ({
      week: w.week,
      from: w.start,
      to: w.end,
      expected: formatAmount(w.expected),
      p10: formatAmount(w.p10),
      p50: formatAmount(w.p50),
      p90: formatAmount(w.p90),
    })),
  );
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}
