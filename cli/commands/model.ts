import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import {
  evaluateModel,
  listVersions,
  scoreOpenInvoices,
  summariseVersion,
  trainModel,
  type ModelVersion,
} from '../../models/index.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate, formatShare } from './model-options.js';

/** `encours model train|list|evaluate|score`: the payment-delay model and its registry (docs/models.md). */
export function registerModelCommand(program: Command, context: ContextFactory): void {
  const model = program
    .command('model')
    .description('Payment-delay model: train, list versions, backtest, score');
  model
    .command('train')
    .description(
      'Train a new version on the history up to a date; it becomes champion only if it beats the champion and the customer-history baseline',
    )
    .option(
      '--as-of <date>',
      'training cutoff YYYY-MM-DD: nothing dated after it is used (default: the last ledger date)',
    )
    .option('--company <id>', 'train on one company only (default: the whole group)')
    .option('--seed <n>', 'seed of the sampling, initial weights and shuffles', '1')
    .option('--json', 'print the version summary as JSON')
    .action(async (options: { asOf?: string; company?: string; seed: string; json?: boolean }) => {
      const ctx = context();
      const seed = Number(options.seed);
      if (!Number.isInteger(seed))
        throw new EncoursError('bad_input', `--seed must be a whole number, got "${options.seed}"`);
      const version = await ctx.withWarehouse((db) =>
        trainModel(db, {
          modelsDir: ctx.config.modelsDir,
          asOf: checkDate(options.asOf, '--as-of'),
          companyId: options.company,
          window: { seed },
          log: ctx.log,
        }),
      );
      if (options.json) printJson(ctx.stdout, summariseVersion(version));
      else printTraining(ctx.stdout, version);
    });
  model
    .command('list')
    .description('Every trained version with its data window, validation metrics and champion flag')
    .option('--json', 'print JSON')
    .action((options: { json?: boolean }) => {
      const ctx = context();
      const versions = listVersions(ctx.config.modelsDir);
      if (options.json) return printJson(ctx.stdout, versions);
      if (versions.length === 0) return void ctx.stdout.write('No model yet: run `encours model train`.\n');
      printTable(
        ctx.stdout,
        versions.map((v) => ({
          version: v.version + (v.champion ? ' *' : ''),
          as_of: v.asOf,
          created: v.createdAt.slice(0, 19),
          rows: v.dataWindow.delayRows,
          auc: fmt(v.metrics.delay.model.auc),
          brier: fmt(v.metrics.delay.model.brier),
          history_auc: fmt(v.metrics.delay.customerHistory.auc),
          history_brier: fmt(v.metrics.delay.customerHistory.brier),
          forecast_wape: fmt(v.metrics.timing?.wape ?? null),
          promoted: v.promoted ? 'yes' : 'no',
        })),
      );
      ctx.stdout.write('* = champion\n');
    });
  model
    .command('evaluate')
    .description(
      'Backtest: train on invoices settled by the cutoff, test on invoices issued after it, against the prior and customer-history baselines',
    )
    .requiredOption('--cutoff <date>', 'cutoff YYYY-MM-DD')
    .option('--company <id>', 'one company only (default: the whole group)')
    .option('--json', 'print JSON')
    .action(async (options: { cutoff: string; company?: string; json?: boolean }) => {
      const ctx = context();
      const cutoff = checkDate(options.cutoff, '--cutoff')!;
      const report = await ctx.withWarehouse((db) =>
        evaluateModel(db, { cutoff, companyId: options.company }),
      );
      if (options.json) return printJson(ctx.stdout, report);
      ctx.stdout.write(
        `Backtest at ${report.cutoff}: ${report.n_train} training invoices, ${report.n_test} test invoices, ` +
          `${formatShare(report.positive_rate_test)} of them paid late\n`,
      );
      printTable(
        ctx.stdout,
        [
          {
            scorer: 'model',
            auc: fmt(report.model.auc),
            brier: fmt(report.model.brier),
            log_loss: fmt(report.model.log_loss),
            mae_days: fmt(report.model.mae_days),
            bucket_accuracy: formatShare(report.model.bucket_accuracy),
          },
          {
            scorer: 'customer history',
            auc: fmt(report.baselines.customer_history.auc),
            brier: fmt(report.baselines.customer_history.brier),
          },
          {
            scorer: 'prior rate',
            auc: fmt(report.baselines.prior.auc),
            brier: fmt(report.baselines.prior.brier),
          },
        ],
        ['scorer', 'auc', 'brier', 'log_loss', 'mae_days', 'bucket_accuracy'],
      );
    });
  model
    .command('score')
    .description(
      'Score the open invoices with the champion and store classes, profiles and forecast as facts of the date (the nightly score stage)',
    )
    .option('--as-of <date>', 'scoring date YYYY-MM-DD (default: the last ledger date)')
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; json?: boolean }) => {
      const ctx = context();
      const report = await ctx.withWarehouse((db) =>
        scoreOpenInvoices(db, {
          modelsDir: ctx.config.modelsDir,
          reportingCurrency: ctx.config.reportingCurrency,
          asOf: checkDate(options.asOf, '--as-of'),
        }),
      );
      if (options.json) return printJson(ctx.stdout, report);
      ctx.stdout.write(
        `Scored ${report.invoices} open invoices and ${report.customers} customers as of ${report.asOf} ` +
          `with ${report.modelVersion} (backend ${report.backend}, forecast: ${report.forecastMethod})\n`,
      );
    });
}

function printTraining(out: NodeJS.WritableStream, v: ModelVersion): void {
  const d = v.metrics.delay;
  out.write(
    `Trained ${v.version} on ${v.dataWindow.delayRows} invoices up to ${v.asOf} (backend ${v.backend}, ` +
      `${(v.timingsMs.total! / 1000).toFixed(1)} s)${v.dataWindow.sampled ? ', training rows subsampled' : ''}\n`,
  );
  printTable(out, [
    { on_validation: 'model', auc: fmt(d.model.auc), brier: fmt(d.model.brier) },
    {
      on_validation: 'customer history',
      auc: fmt(d.customerHistory.auc),
      brier: fmt(d.customerHistory.brier),
    },
    ...(d.champion
      ? [{ on_validation: 'champion', auc: fmt(d.champion.auc), brier: fmt(d.champion.brier) }]
      : []),
  ]);
  if (v.metrics.timing)
    out.write(
      `Forecast timing model: validation WAPE ${fmt(v.metrics.timing.wape)} (due-date placement ${fmt(v.metrics.timing.dueDateWape)})\n`,
    );
  else
    out.write(
      'No forecast timing model (too little history): the forecast uses the average-delay placement\n',
    );
  out.write(`${v.promoted ? 'Promoted to champion' : 'Not promoted'}: ${v.promotionReason}\n`);
}

function fmt(x: number | null): string {
  return x === null ? 'n/a' : x.toFixed(4);
}
