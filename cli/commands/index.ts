import { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerImportFecCommand } from './import-fec.js';
import { registerImportCanonicalCommand } from './import-canonical.js';
import { registerSqlCommand } from './sql.js';
import { registerKpiCommand } from './kpi.js';
import { registerAgingCommand } from './aging.js';
import { registerGenerateCommand } from './generate.js';
import { registerServeCommand } from './serve.js';
import { registerPipelineCommand } from './pipeline.js';
import { registerScheduleCommand } from './schedule.js';
import { registerDemoCommand } from './demo.js';
import { registerModelCommand } from './model.js';
import { registerRiskCommand } from './risk.js';
import { registerForecastCommand } from './forecast.js';
import { registerUserCommand } from './user.js';
import { registerDunningCommand } from './dunning.js';
import { registerDigestCommand } from './digest.js';

export type ContextFactory = () => CliContext;

/** Every `encours` subcommand, one module each. */
export function registerCommands(program: Command, context: ContextFactory): void {
  const importCommand = program
    .command('import')
    .description(
      'Load a ledger export into the warehouse (all or nothing; identical re-imports change nothing)',
    );
  registerImportFecCommand(importCommand, context);
  registerImportCanonicalCommand(importCommand, context);
  registerSqlCommand(program, context);
  registerKpiCommand(program, context);
  registerAgingCommand(program, context);
  registerGenerateCommand(program, context);
  registerServeCommand(program, context);
  registerPipelineCommand(program, context);
  registerScheduleCommand(program, context);
  registerDemoCommand(program, context);
  registerModelCommand(program, context);
  registerRiskCommand(program, context);
  registerForecastCommand(program, context);
  registerUserCommand(program, context);
  registerDunningCommand(program, context);
  registerDigestCommand(program, context);
  void importCommand;
  void context;
}
