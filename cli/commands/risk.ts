import type { Command } from 'commander';
import { todayIso } from '../../lib/dates.js';
import { computeRisk, setRiskOverride } from '../../models/index.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate, formatAmount, formatShare } from './model-options.js';

/** `encours risk`: risk class, payer profile and reasons per customer; `risk override` forces a class. */
export function registerRiskCommand(program: Command, context: ContextFactory): void {
  const risk = program
    .command('risk')
    .enablePositionalOptions()
    .description('Risk class (A safest … E), P(late), payer profile and reasons per customer, riskiest first')
    .option('--as-of <date>', 'as-of date YYYY-MM-DD (default: the last ledger date)')
    .option('--company <id>', "one company's open items (default: the whole group)")
    .option('--json', 'print JSON')
    .action(async (options: { asOf?: string; company?: string; json?: boolean }) => {
      const ctx = context();
      const report = await ctx.withWarehouse((db) =>
        computeRisk(db, {
          modelsDir: ctx.config.modelsDir,
          asOf: checkDate(options.asOf, '--as-of'),
          companyId: options.company,
        }),
      );
      if (options.json) return printJson(ctx.stdout, report.customers);
      ctx.stdout.write(
        `Customer risk as of ${report.asOf} (model ${report.model_version}), ${options.company ? `company ${options.company}` : 'group'}\n`,
      );
      printTable(
        ctx.stdout,
        report.customers.map((c) => ({
          customer: c.customer_id,
          class: c.risk_class,
          profile: c.profile,
          p_late: formatShare(c.p_late),
          p_late_30: formatShare(c.p_late_30),
          days_late: c.expected_days_late.toFixed(1),
          open: formatAmount(c.open_amount),
          overdue: formatAmount(c.overdue_amount),
          reasons: c.reasons.join('; '),
        })),
      );
    });
  risk
    .command('override <customer>')
    .description(
      "Force a customer's class (e.g. insolvency proceedings); it wins over the model until cleared",
    )
    .option('--class <class>', 'the class to force, A … E')
    .option('--clear', 'remove the override')
    .option('--reason <text>', 'why (shown as the first reason)')
    .option('--from <date>', 'effective from YYYY-MM-DD (default: today)')
    .action(
      async (
        customer: string,
        options: { class?: string; clear?: boolean; reason?: string; from?: string },
      ) => {
        const ctx = context();
        const riskClass = options.clear ? null : (options.class ?? '').toUpperCase();
        const effectiveDate = checkDate(options.from, '--from') ?? todayIso();
        await ctx.withWarehouse((db) =>
          setRiskOverride(db, {
            customerId: customer,
            riskClass,
            reason: options.reason ?? (options.clear ? 'override cleared' : ''),
            effectiveDate,
          }),
        );
        ctx.stdout.write(
          riskClass === null
            ? `Override of ${customer} cleared from ${effectiveDate}\n`
            : `${customer} is class ${riskClass} from ${effectiveDate}\n`,
        );
      },
    );
}
