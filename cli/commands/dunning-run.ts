import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { readDunningControls, updateDunningControls } from '../../warehouse/ops/dunning-controls.queries.js';
import { saveCustomerSettings } from '../../warehouse/ops/customer-settings.queries.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import type { JsonObject } from '../../warehouse/ops/json.js';
import { withOps } from '../context.js';
import { printJson } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate } from './model-options.js';

const CLI_ACTOR = 'cli';

/** `dunning run` (through Temporal), `dunning pause|resume` (all, or one customer), `dunning controls`. */
export function registerDunningRunCommands(dunning: Command, context: ContextFactory): void {
  dunning
    .command('run')
    .description(
      "Send today's reminders: signal-with-start each customer's collection workflow with its actions " +
        '(works with or without `encours serve`; a second run the same day sends nothing new)',
    )
    .option('--as-of <date>', 'plan date YYYY-MM-DD (default: the latest date with ledger data)')
    .option('--company <id>', 'one company')
    .option('--json', 'print the result as JSON')
    .action(async (o: { asOf?: string; company?: string; json?: boolean }) => {
      const { config, log, stdout } = context();
      const asOf = checkDate(o.asOf, '--as-of');
      const { runDunningThroughTemporal } = await import('../../workflows/run-dunning.js');
      const result = await runDunningThroughTemporal({ config, log, input: { asOf, companyId: o.company } });
      if (o.json) printJson(stdout, result);
      else
        stdout.write(
          `dunning ${result.asOf}: ${result.held ? `held (${result.held}): ` : ''}${result.detail}\n`,
        );
      // a held flood is a failure of the run (exit 1), the alert is out; a pause or a quiet day is not
      if (result.held === 'over_cap') throw new EncoursError('conflict', result.detail);
    });

  dunning
    .command('pause')
    .description(
      'Stop automatic reminders: every one (--all) or one customer (--customer, optionally --until)',
    )
    .option('--all', 'the whole engine')
    .option('--customer <id>', 'one customer')
    .option('--until <date>', 'with --customer: the last paused day YYYY-MM-DD (default: until resumed)')
    .requiredOption('--reason <text>', 'why (kept in the audit log)')
    .action(async (o: { all?: boolean; customer?: string; until?: string; reason: string }) => {
      const ctx = context();
      const target = checkTarget(o);
      const until = checkDate(o.until, '--until') ?? '9999-12-31';
      await withOps(ctx, async (ops) => {
        if (target === 'all') {
          await updateDunningControls(ops, { paused: true, pause_reason: o.reason, updated_by: CLI_ACTOR });
          await audit(ops, 'pause', 'dunning_controls', '1', { paused: true, reason: o.reason });
        } else {
          await saveCustomerSettings(ops, target, {
            reminders_paused_until: until,
            pause_reason: o.reason,
            updated_by: CLI_ACTOR,
          });
          await audit(ops, 'pause_reminders', 'customer', target, { until, reason: o.reason });
        }
      });
      ctx.stdout.write(
        target === 'all'
          ? `reminders paused for every customer: ${o.reason}\n`
          : `reminders paused for ${target}${o.until ? ` until ${o.until}` : ''}: ${o.reason}\n`,
      );
    });

  dunning
    .command('resume')
    .description('Resume automatic reminders: every one (--all) or one customer (--customer)')
    .option('--all', 'the whole engine')
    .option('--customer <id>', 'one customer')
    .action(async (o: { all?: boolean; customer?: string }) => {
      const ctx = context();
      const target = checkTarget(o);
      await withOps(ctx, async (ops) => {
        if (target === 'all') {
          await updateDunningControls(ops, { paused: false, pause_reason: null, updated_by: CLI_ACTOR });
          await audit(ops, 'resume', 'dunning_controls', '1', { paused: false });
        } else {
          await saveCustomerSettings(ops, target, {
            reminders_paused_until: null,
            pause_reason: null,
            updated_by: CLI_ACTOR,
          });
          await audit(ops, 'resume_reminders', 'customer', target, { resumed: true });
        }
      });
      ctx.stdout.write(target === 'all' ? 'reminders resumed\n' : `reminders resumed for ${target}\n`);
    });

  dunning
    .command('controls')
    .description(
      'Show or change the engine switches: pause, cap of messages per run, quiet weekdays and dates',
    )
    .option(
      '--cap <n>',
      'the most emails and letters one run may send (a bigger plan is held, with an alert)',
    )
    .option('--quiet-weekdays <list>', 'ISO weekdays without sends, e.g. 6,7 (Saturday, Sunday); "" for none')
    .option('--quiet-dates <list>', 'dates without sends, e.g. 2026-12-25,2027-01-01; "" for none')
    .option('--json', 'print JSON')
    .action(async (o: { cap?: string; quietWeekdays?: string; quietDates?: string; json?: boolean }) => {
      const ctx = context();
      const change = parseControls(o);
      const controls = await withOps(ctx, async (ops) => {
        if (Object.keys(change).length === 0) return readDunningControls(ops);
        const after = await updateDunningControls(ops, { ...change, updated_by: CLI_ACTOR });
        await audit(ops, 'update', 'dunning_controls', '1', change as JsonObject);
        return after;
      });
      const view = {
        paused: controls.paused,
        pause_reason: controls.pause_reason,
        max_messages_per_run: controls.max_messages_per_run,
        quiet_weekdays: controls.quiet_weekdays,
        quiet_dates: controls.quiet_dates,
      };
      if (o.json) return printJson(ctx.stdout, view);
      ctx.stdout.write(
        `paused: ${view.paused ? `yes (${view.pause_reason ?? 'no reason'})` : 'no'}\n` +
          `cap: ${view.max_messages_per_run} messages per run\n` +
          `quiet weekdays: ${view.quiet_weekdays.join(', ') || 'none'}\n` +
          `quiet dates: ${view.quiet_dates.join(', ') || 'none'}\n`,
      );
    });
}

function checkTarget(o: { all?: boolean; customer?: string }): 'all' | string {
  if (o.all && o.customer) throw new EncoursError('bad_input', 'give --all or --customer, not both');
  if (o.all) return 'all';
  if (o.customer) return o.customer;
  throw new EncoursError('bad_input', 'say what to pause or resume: --all, or --customer ID');
}

function parseControls(o: { cap?: string; quietWeekdays?: string; quietDates?: string }) {
  const change: { max_messages_per_run?: number; quiet_weekdays?: number[]; quiet_dates?: string[] } = {};
  if (o.cap !== undefined) {
    const cap = Number(o.cap);
    if (!Number.isInteger(cap) || cap < 1)
      throw new EncoursError('bad_input', `--cap must be a whole number ≥ 1, got "${o.cap}"`);
    change.max_messages_per_run = cap;
  }
  if (o.quietWeekdays !== undefined) {
    const days = splitList(o.quietWeekdays).map(Number);
    if (days.some((d) => !Number.isInteger(d) || d < 1 || d > 7))
      throw new EncoursError(
        'bad_input',
        `--quiet-weekdays takes ISO weekdays 1 (Monday) … 7 (Sunday), got "${o.quietWeekdays}"`,
      );
    change.quiet_weekdays = [...new Set(days)].sort();
  }
  if (o.quietDates !== undefined) {
    change.quiet_dates = splitList(o.quietDates).map((d) => checkDate(d, '--quiet-dates')!);
  }
  return change;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function audit(ops: OpsDb, action: string, entity: string, entityId: string, after: JsonObject) {
  return appendAudit(ops, { actor: CLI_ACTOR, action, entity, entity_id: entityId, before: null, after });
}
