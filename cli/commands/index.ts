import type { Command } from 'commander';
import type { CliContext } from '../context.js';

export type ContextFactory = () => CliContext;

/** Every `encours` subcommand, one module each. */
export function registerCommands(program: Command, context: ContextFactory): void {
  void program;
  void context;
}
