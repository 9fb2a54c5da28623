import type { Command } from 'commander';
import type { ContextFactory } from './index.js';

/** `dunning run`, `dunning pause`, `dunning resume` (filled by the execution work). */
export function registerDunningRunCommands(dunning: Command, context: ContextFactory): void {
  void dunning;
  void context;
}
