import type { Command } from 'commander';
import { registerDunningPlanCommands } from './dunning-plan.js';
import { registerDunningRunCommands } from './dunning-run.js';
import type { ContextFactory } from './index.js';

/** `encours dunning …`: scenarios and the plan (dunning-plan.ts), execution and safety switches (dunning-run.ts). */
export function registerDunningCommand(program: Command, context: ContextFactory): void {
  const dunning = program
    .command('dunning')
    .enablePositionalOptions()
    .description(
      'Reminders: scenarios, the daily plan, sending through the collection workflows, pause and resume',
    );
  registerDunningPlanCommands(dunning, context);
  registerDunningRunCommands(dunning, context);
}
