import type { Config } from '../lib/config.js';
import type { Log } from '../lib/log.js';
import { findRunningServer } from '../api/probe.js';
import { connectClient, type TemporalClient } from './client.js';
import { startLocalRuntime, type LocalRuntime } from './local-runtime.js';

/** Whose worker runs a workflow the CLI starts: a running `serve`, this process's own, or a given runtime's. */
export type WorkerOwner = 'serve' | 'local' | 'runtime';

/**
 * Runs `work` with a client of the Temporal whose worker owns this warehouse: a running `serve` (only its client is
 * needed), else a local runtime (Temporal if needed, the warehouse, a worker) started for the duration of `work`.
 */
export async function withOwningWorker<T>(
  options: { config: Config; log: Log; runtime?: LocalRuntime },
  work: (client: TemporalClient, via: WorkerOwner) => Promise<T>,
): Promise<T> {
  const { config, log } = options;
  if (options.runtime) return work(options.runtime.client, 'runtime');
  const server = await findRunningServer(config);
  if (server) {
    log.info({ server }, 'a running encours serve owns the warehouse: its worker runs the workflow');
    const client = await connectClient(
      config.temporalAddress ?? `127.0.0.1:${config.temporalPort}`,
      config.temporalNamespace,
    );
    try {
      return await work(client, 'serve');
    } finally {
      await client.close();
    }
  }
  const runtime = await startLocalRuntime({ config, log, headless: true });
  try {
    return await work(runtime.client, 'local');
  } finally {
    await runtime.stop();
  }
}
