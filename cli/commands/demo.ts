import { existsSync, readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { addDays, todayIso } from '../../lib/dates.js';
import { EncoursError } from '../../lib/errors.js';
import type { CliContext } from '../context.js';
import type { ContextFactory } from './index.js';
import { findRunningServer } from '../../api/probe.js';
import { readSources, writeSources } from '../../pipelines/sources.js';
import { describeProgressChanges } from '../../workflows/progress-format.js';
import type { PipelineProgress, PipelineSource } from '../../workflows/pipeline/types.js';
import { failOnPartial } from './pipeline.js';
import { serveUntilSignal } from './serve.js';

interface DemoFlags {
  serve: boolean;
  port?: string;
  host?: string;
  customers: string;
  invoices: string;
  force?: boolean;
}

/** `encours demo [--no-serve]`: generate a demo group, run the nightly pipeline through Temporal, serve it. */
export function registerDemoCommand(program: Command, context: ContextFactory): void {
  program
    .command('demo')
    .description(
      'Generate a demo group (3 companies, EUR+USD, 3 years), run the nightly pipeline through Temporal, then serve',
    )
    .option('--no-serve', 'stop after the pipeline')
    .option('--port <port>', 'API port (default: ENCOURS_PORT or 3000)')
    .option('--host <host>', 'API host (default: ENCOURS_HOST or 127.0.0.1)')
    .option('--customers <n>', 'customers in the group', '2000')
    .option('--invoices <n>', 'invoices over the three years', '60000')
    .option('--force', 'replace an existing sources.json in ENCOURS_HOME')
    .action(async (flags: DemoFlags) => runDemo(context(), flags));
}

async function runDemo(ctx: CliContext, flags: DemoFlags): Promise<void> {
  const { config, log, stdout } = ctx;
  // imported here, so that other commands start fast
  const { listDemoSources, prepareDemoGroup } = await import('../../workflows/demo-group.js');
  const { startLocalRuntime } = await import('../../workflows/local-runtime.js');
  const { runPipelineAndWait } = await import('../../workflows/run-pipeline.js');
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
  const asOf = todayIso();
  stdout.write(`encours demo in ${config.home}\n`);
  guardSources(config.sourcesFile, listDemoSources(config.home), flags.force === true);
  const group = await prepareDemoGroup({
    home: config.home,
    endDate: addDays(asOf, -1),
    customers: readCount(flags.customers, '--customers'),
    invoices: readCount(flags.invoices, '--invoices'),
  });
  writeSources(config.sourcesFile, group.sources);
  stdout.write(
    `generated ${group.customers} customers, ${group.invoices} invoices, ${group.payments} payments ` +
      `(C1, C2 canonical; C3 FEC) into ${config.home}/drop (${elapsed()})\n`,
  );

  let previous: PipelineProgress | undefined;
  const onProgress = (progress: PipelineProgress) => {
    for (const line of describeProgressChanges(previous, progress)) stdout.write(line + '\n');
    previous = progress;
  };
  const server = await findRunningServer(config);
  if (server) {
    const run = await runPipelineAndWait({ config, log, input: { asOf }, onProgress });
    stdout.write(
      `pipeline ${run.workflowId}: ${run.result.status} (${elapsed()}); served by the running encours serve at ${server}\n`,
    );
    return failOnPartial(run.result);
  }
  const runtime = await startLocalRuntime({
    config,
    log,
    headless: !flags.serve,
    searchPath: process.env.PATH,
  });
  try {
    const { prepareDemoReminders } = await import('../../workflows/demo-reminders.js');
    await prepareDemoReminders(runtime.db);
    const run = await runPipelineAndWait({ config, log, input: { asOf }, onProgress, runtime });
    stdout.write(`pipeline ${run.workflowId}: ${run.result.status} (${elapsed()})\n`);
    failOnPartial(run.result);
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  const { ensureDemoPortfolios, ensureDemoUser } = await import('../../workflows/demo-user.js');
  const account = await ensureDemoUser(runtime.db);
  const portfolios = await ensureDemoPortfolios(runtime.db);
  if (portfolios > 0) stdout.write(`${portfolios} sales portfolios, one per account owner\n`);
  if (account)
    stdout.write(
      `dashboard sign-in: ${account.email} / ${account.password} (admin; shown once — see \`encours user\`)\n`,
    );
  if (!flags.serve) {
    await runtime.stop();
    stdout.write(
      'reminders: collection workflows signalled by the pipeline deliver on the next worker start (encours serve)\n',
    );
    return;
  }
  await serveUntilSignal(ctx, runtime, { port: flags.port, host: flags.host }, () =>
    stdout.write(`served after ${elapsed()}\n`),
  );
}

/** The demo writes sources.json; it never silently replaces someone's own configuration. */
function guardSources(file: string, demo: PipelineSource[], force: boolean): void {
  if (force || !existsSync(file)) return;
  let current: unknown;
  try {
    current = readSources(file);
  } catch {
    current = readFileSync(file, 'utf8');
  }
  if (JSON.stringify(current) === JSON.stringify(demo)) return;
  throw new EncoursError(
    'conflict',
    `${file} already configures other sources; run the demo in its own home (ENCOURS_HOME=.encours-demo encours demo) or pass --force`,
  );
}

function readCount(text: string, flag: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new EncoursError('bad_input', `${flag} must be a positive whole number, got "${text}"`);
  return n;
}
