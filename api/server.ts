import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../lib/config.js';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import type { LocalRuntime } from '../workflows/local-runtime.js';
import { buildApp } from './app.js';
import { createCollectionSignals } from '../workflows/collection/signals.js';
import type { Check } from './routes/health.js';
import { DASHBOARD_DIR } from './static.js';

export const VERSION = (
  JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { version: string }
).version;

export interface RunningApi {
  app: FastifyInstance;
  url: string;
  dashboard: boolean;
  close(): Promise<void>;
}

/** Serves the API (and the built dashboard) over the runtime's warehouse. */
export async function startApi(options: {
  runtime: LocalRuntime;
  config: Config;
  log: Log;
  host: string;
  port: number;
}): Promise<RunningApi> {
  const { runtime } = options;
  const app = await buildApp({
    db: runtime.db,
    config: options.config,
    log: options.log,
    version: VERSION,
    access: {
      collections: createCollectionSignals(runtime.client.client, options.config.taskQueue, options.log),
    },
    runtimeChecks: async () => ({
      temporal: await checkTemporal(runtime),
      worker: runtime.worker.getState() === 'RUNNING' ? 'ok' : 'down',
    }),
  });
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      throw new EncoursError(
        'unavailable',
        `port ${options.port} on ${options.host} is in use; pass --port or set ENCOURS_PORT`,
        { cause: error },
      );
    }
    throw error;
  }
  const shownHost = options.host === '0.0.0.0' || options.host === '::' ? '127.0.0.1' : options.host;
  return {
    app,
    url: `http://${shownHost}:${options.port}`,
    dashboard: existsSync(join(DASHBOARD_DIR, 'index.html')),
    close: () => app.close(),
  };
}

async function checkTemporal(runtime: LocalRuntime): Promise<Check> {
  try {
    const connection = runtime.client.client.connection;
    await connection.withDeadline(Date.now() + 2_000, () => connection.workflowService.getSystemInfo({}));
    return 'ok';
  } catch {
    return 'down';
  }
}
