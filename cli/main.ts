import { Command, CommanderError } from 'commander';
import { loadConfig } from '../lib/config.js';
import { createLog } from '../lib/log.js';
import { EncoursError, describeError } from '../lib/errors.js';
import { createCliContext, type CliContext } from './context.js';
import { registerCommands } from './commands/index.js';

/** Builds the `encours` program; commands get their dependencies from the context. */
export function buildProgram(context: () => CliContext): Command {
  const program = new Command('encours')
    .description('Receivables analytics and collection: ledger warehouse, KPIs, risk, reminders.')
    .version('0.1.0')
    .showHelpAfterError()
    // Options after a subcommand belong to it (`forecast evaluate --weeks 8` is evaluate's --weeks, not forecast's).
    .enablePositionalOptions()
    .exitOverride();
  registerCommands(program, context);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let context: CliContext | undefined;
  const getContext = () => {
    if (!context) {
      const config = loadConfig();
      context = createCliContext(config, createLog(config.logLevel));
    }
    return context;
  };
  try {
    await buildProgram(getContext).parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const prefix = error instanceof EncoursError ? 'error' : 'unexpected error';
    console.error(`${prefix}: ${describeError(error)}`);
    if (!(error instanceof EncoursError) && process.env.ENCOURS_DEBUG) console.error(error);
    return error instanceof EncoursError && error.code === 'bad_input' ? 2 : 1;
  }
}
