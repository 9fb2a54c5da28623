import type { Command } from 'commander';
import { EncoursError } from '../../lib/errors.js';
import type { CliContext } from '../context.js';
import type { ContextFactory } from './index.js';
import type { LocalRuntime } from '../../workflows/local-runtime.js';
import type { RunningApi } from '../../api/server.js';

/** `encours serve`: the one process owning the warehouse — Temporal (embedded or not), the worker, the API. */
export function registerServeCommand(program: Command, context: ContextFactory): void {
  program
    .command('serve')
    .description(
      'Run the server: embedded Temporal dev server (unless TEMPORAL_ADDRESS), worker, API and dashboard',
    )
    .option('--port <port>', 'API port (default: ENCOURS_PORT or 3000)')
    .option('--host <host>', 'API host (default: ENCOURS_HOST or 127.0.0.1)')
    .action(async (opts: { port?: string; host?: string }) => {
      const ctx = context();
      const { startLocalRuntime } = await import('../../workflows/local-runtime.js');
      const runtime = await startLocalRuntime({
        config: ctx.config,
        log: ctx.log,
        searchPath: process.env.PATH,
      });
      await serveUntilSignal(ctx, runtime, opts);
    });
}

/** Serves the API on the runtime, prints the URLs, and stops everything on SIGINT/SIGTERM (or if the worker dies). */
export async function serveUntilSignal(
  ctx: CliContext,
  runtime: LocalRuntime,
  opts: { port?: string; host?: string },
  onListening?: () => void,
): Promise<void> {
  let api: RunningApi;
  try {
    const { startApi } = await import('../../api/server.js');
    api = await startApi({
      runtime,
      config: ctx.config,
      log: ctx.log,
      host: opts.host ?? ctx.config.apiHost,
      port: opts.port ? parsePort(opts.port) : ctx.config.apiPort,
    });
  } catch (error) {
    await runtime.stop();
    throw error;
  }
  onListening?.();
  printUrls(ctx, runtime, api);
  const stopped = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    runtime.workerDone.then(
      () => resolve('worker stopped'),
      () => resolve('worker failed'),
    );
  });
  const reason = await stopped;
  ctx.log.info({ reason }, 'shutting down');
  ctx.stdout.write(`stopping (${reason})…\n`);
  await api.close();
  await runtime.stop();
  ctx.stdout.write('stopped\n');
}

export function printUrls(ctx: CliContext, runtime: LocalRuntime, api: RunningApi): void {
  const lines = [
    `encours is serving ${ctx.config.home}`,
    `  API          ${api.url}/api/health  (OpenAPI: ${api.url}/api/docs)`,
    `  dashboard    ${api.dashboard ? `${api.url}/` : '(not built: npm run build:dashboard)'}`,
    `  Temporal UI  ${runtime.temporal.uiUrl ?? `(external cluster ${runtime.temporal.address})`}`,
    'Press Ctrl+C to stop.',
  ];
  ctx.stdout.write(lines.join('\n') + '\n');
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new EncoursError('bad_input', `--port must be a TCP port, got "${text}"`);
  return port;
}
