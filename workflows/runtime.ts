import { join } from 'node:path';
import { DefaultLogger, Runtime, makeTelemetryFilterString, type LogLevel } from '@temporalio/worker';
import type { Config } from '../lib/config.js';
import type { Log } from '../lib/log.js';
import { startDevServer, type DevServer } from './dev-server.js';
import { resolveTemporalCli } from './temporal-cli.js';

let installed = false;

/** Routes the Temporal SDK's logs (worker, activities, workflow `log`) to our structured log, warnings and up. */
export function installTemporalRuntime(log: Log): void {
  if (installed) return;
  installed = true;
  const levels: Record<LogLevel, 'debug' | 'info' | 'warn' | 'error'> = {
    TRACE: 'debug',
    DEBUG: 'debug',
    INFO: 'info',
    WARN: 'warn',
    ERROR: 'error',
  };
  const temporalLog = log.child({ component: 'temporal' });
  Runtime.install({
    logger: new DefaultLogger('WARN', ({ level, message, meta }) => {
      // pino serialises errors under `err` only; the SDK passes them as `error`
      const { error, ...rest } = (meta ?? {}) as { error?: unknown };
      temporalLog[levels[level]](error === undefined ? rest : { ...rest, err: error }, message);
    }),
    telemetryOptions: { logging: { filter: makeTelemetryFilterString({ core: 'WARN' }), forward: {} } },
  });
}

/** Where the Temporal server is, and how to release it. */
export interface TemporalEndpoint {
  readonly address: string;
  readonly namespace: string;
  /** The Web UI, when known (the embedded dev server's). */
  readonly uiUrl: string | undefined;
  readonly devServer: DevServer | undefined;
  stop(): Promise<void>;
}

/**
 * `TEMPORAL_ADDRESS` when set; else the embedded dev server (`$ENCOURS_HOME/temporal.db`, UI on 8233), started as a
 * child process unless one already listens on the configured port.
 */
export async function ensureTemporal(
  config: Pick<
    Config,
    | 'temporalAddress'
    | 'temporalNamespace'
    | 'temporalCli'
    | 'cacheDir'
    | 'home'
    | 'logsDir'
    | 'temporalPort'
    | 'temporalUiPort'
  >,
  log: Log,
  options: { searchPath?: string; headless?: boolean } = {},
): Promise<TemporalEndpoint> {
  const namespace = config.temporalNamespace;
  if (config.temporalAddress) {
    return {
      address: config.temporalAddress,
      namespace,
      uiUrl: undefined,
      devServer: undefined,
      stop: async () => undefined,
    };
  }
  const cli = await resolveTemporalCli({
    explicit: config.temporalCli,
    cacheDir: config.cacheDir,
    searchPath: options.searchPath,
    log,
  });
  const devServer = await startDevServer({
    cli,
    port: config.temporalPort,
    uiPort: options.headless ? undefined : config.temporalUiPort,
    dbFile: join(config.home, 'temporal.db'),
    logFile: join(config.logsDir, 'temporal.log'),
    namespace,
    log,
  });
  return {
    address: devServer.address,
    namespace,
    uiUrl: devServer.uiUrl,
    devServer,
    stop: () => devServer.stop(),
  };
}
