import type { Command } from 'commander';
import type { ContextFactory } from './index.js';

/** `dunning plan` and `dunning scenarios …` (filled by the plan work). */
export function registerDunningPlanCommands(dunning: Command, context: ContextFactory): void {
  void dunning;
  void context;
}
