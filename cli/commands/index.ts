import { Command } from 'commander';
import type { CliContext } from '../context.js';

export type ContextFactory = () => CliContext;

/** Every `encours` subcommand, one module each. */
export function registerCommands(program: Command, context: ContextFactory): void {
  const importCommand = program
    .command('import')
    .description('Load a ledger export into the warehouse (all or nothing; identical re-imports change nothing)');
  void importCommand;
  void context;
}
