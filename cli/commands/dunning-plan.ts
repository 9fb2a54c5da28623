import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import type { Warehouse } from '../../warehouse/db.js';
import {
  assignCustomerScenario,
  findScenario,
  listRules,
  loadDunningConfig,
  planDunning,
  saveRules,
  saveScenario,
} from '../../workflows/dunning/index.js';
import type { PlannedAction, Scenario } from '../../workflows/dunning/types.js';
import { withOps } from '../context.js';
import { printJson, printTable } from '../output.js';
import type { ContextFactory } from './index.js';
import { checkDate } from './model-options.js';

const CLI_ACTOR = 'cli';

/** `dunning plan`, `dunning scenarios list|show|set`, `dunning rules list|set`, `dunning assign` (docs/reminders.md). */
export function registerDunningPlanCommands(dunning: Command, context: ContextFactory): void {
  dunning
    .command('plan')
    .description("Today's reminders, without sending anything: one action per customer, company and channel")
    .option(
      '--as-of <date>',
      'plan date YYYY-MM-DD (default: the latest date with ledger data, or today if earlier)',
    )
    .option('--company <id>', 'one company')
    .option('--customer <id>', 'one customer')
    .option('--json', 'print the actions as JSON')
    .action(async (o: { asOf?: string; company?: string; customer?: string; json?: boolean }) => {
      const ctx = context();
      const asOfOption = checkDate(o.asOf, '--as-of');
      const { asOf, actions } = await withOps(ctx, async (ops, db) => {
        const asOf = asOfOption ?? (await findDefaultAsOf(db));
        return {
          asOf,
          actions: await planDunning(db, ops, { asOf, companyId: o.company, customerId: o.customer }),
        };
      });
      if (o.json) return printJson(ctx.stdout, actions);
      printPlan(ctx.stdout, asOf, actions);
    });

  const scenarios = dunning
    .command('scenarios')
    .description('Reminder scenarios: list, show, create or replace');
  scenarios
    .command('list')
    .description('Every scenario with its steps in short')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const ctx = context();
      const config = await withOps(ctx, (ops) => loadDunningConfig(ops));
      if (o.json) return printJson(ctx.stdout, config.scenarios);
      printTable(
        ctx.stdout,
        config.scenarios.map((s) => ({
          id: s.id,
          name: s.name_fr && s.name_fr !== s.name ? `${s.name} / ${s.name_fr}` : s.name,
          steps: s.manual_only ? 'manual only' : s.steps.map(formatStep).join(', '),
          gap: s.min_gap_days,
          grace: s.promise_grace_days,
        })),
      );
    });
  scenarios
    .command('show <id>')
    .description('One scenario, step by step')
    .option('--json', 'print JSON (the format `scenarios set` reads)')
    .action(async (id: string, o: { json?: boolean }) => {
      const ctx = context();
      const scenario = await withOps(ctx, (ops) => findScenario(ops, id));
      if (o.json) return printJson(ctx.stdout, scenario);
      printScenario(ctx.stdout, scenario);
    });
  scenarios
    .command('set <file>')
    .description('Create or replace a scenario from a JSON file (validated; audited)')
    .action(async (file: string) => {
      const ctx = context();
      const scenario = await withOps(ctx, (ops) =>
        saveScenario(ops, readJson(file), CLI_ACTOR, `scenario file ${file}`),
      );
      ctx.stdout.write(`Scenario ${scenario.id} saved (${scenario.steps.length} steps)\n`);
    });

  const rules = dunning
    .command('rules')
    .description('Assignment rules: which scenario each customer follows');
  rules
    .command('list')
    .description('The rules in the order they are tried (lowest priority first; the first match wins)')
    .option('--json', 'print JSON (the format `rules set` reads)')
    .action(async (o: { json?: boolean }) => {
      const ctx = context();
      const list = await withOps(ctx, (ops) => listRules(ops));
      if (o.json) return printJson(ctx.stdout, list);
      printTable(
        ctx.stdout,
        list.map((r) => ({ ...r })),
        [
          'priority',
          'id',
          'scenario_id',
          'profile',
          'risk_class',
          'risk_overridden',
          'segment',
          'company_id',
        ],
      );
    });
  rules
    .command('set <file>')
    .description('Replace every rule with those of a JSON array (validated; audited)')
    .action(async (file: string) => {
      const ctx = context();
      const saved = await withOps(ctx, (ops) =>
        saveRules(ops, readJson(file), CLI_ACTOR, `rules file ${file}`),
      );
      ctx.stdout.write(`${saved.length} assignment rules saved\n`);
    });

  dunning
    .command('assign <customer>')
    .description(
      "Choose a customer's scenario by hand (--scenario with --reason), or give it back to the rules (--clear)",
    )
    .option('--scenario <id>', 'the scenario')
    .option('--reason <text>', 'why (shown in the plan)')
    .option('--clear', 'remove the override: the assignment rules decide again')
    .action(async (customer: string, o: { scenario?: string; reason?: string; clear?: boolean }) => {
      const ctx = context();
      if (o.clear === (o.scenario !== undefined))
        throw new EncoursError('bad_input', 'give either --scenario ID --reason TEXT, or --clear');
      await withOps(ctx, async (ops, db) => {
        await assertCustomerExists(db, customer);
        return assignCustomerScenario(
          ops,
          customer,
          { scenarioId: o.scenario ?? null, reason: o.reason },
          CLI_ACTOR,
        );
      });
      ctx.stdout.write(
        o.clear
          ? `${customer}: scenario back to the assignment rules\n`
          : `${customer}: scenario ${o.scenario} (${o.reason})\n`,
      );
    });
}

async function assertCustomerExists(db: Warehouse, customerId: string): Promise<void> {
  const rows = await db.all('select 1 from core.customers where customer_id = $1', [customerId]);
  if (rows.length === 0) throw new EncoursError('not_found', `no customer "${customerId}" in the warehouse`);
}

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new EncoursError('bad_input', `cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new EncoursError('bad_input', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function formatStep(s: Scenario['steps'][number]): string {
  if (s.phase === 'thanks') return `thanks by ${s.channel} once paid`;
  return `J${s.offset_days >= 0 ? '+' : ''}${s.offset_days} ${s.channel}`;
}

function printScenario(out: NodeJS.WritableStream, s: Scenario): void {
  out.write(
    `${s.id}: ${s.name}${s.name_fr ? ` / ${s.name_fr}` : ''}${s.manual_only ? ' — manual only, no automatic reminder' : ''}\n`,
  );
  if (s.description) out.write(`${s.description}\n`);
  out.write(
    `Minimum gap between messages: ${s.min_gap_days} days; promise grace: ${s.promise_grace_days} days\n`,
  );
  printTable(
    out,
    s.steps.map((step) => ({
      id: step.id,
      phase: step.phase,
      day: `J${step.offset_days >= 0 ? '+' : ''}${step.offset_days}`,
      channel: step.channel,
      template: step.template,
      conditions: [
        step.min_amount !== undefined ? `open ≥ ${step.min_amount}` : null,
        step.risk_classes ? `class ${step.risk_classes.join('/')}` : null,
      ]
        .filter(Boolean)
        .join(', '),
      escalation: step.escalation ? 'yes' : '',
    })),
  );
}

function printPlan(out: NodeJS.WritableStream, asOf: string, actions: PlannedAction[]): void {
  const customers = new Set(actions.map((a) => `${a.company_id}/${a.customer_id}`)).size;
  out.write(
    `Reminder plan as of ${asOf}: ${actions.length} action(s) for ${customers} customer(s); nothing is sent\n`,
  );
  if (actions.length === 0) return;
  printTable(
    out,
    actions.map((a) => ({
      company: a.company_id,
      customer: `${a.customer_id} ${a.customer_name}`,
      scenario: a.scenario,
      step: a.step,
      channel: a.channel,
      invoices: a.documents.length,
      amount: `${a.amount} ${a.currency}`,
      reason: a.reason,
    })),
  );
}
