import type { Worker } from '@temporalio/worker';
import type { Config } from '../lib/config.js';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import { openWarehouse, type Warehouse } from '../warehouse/warehouse.js';
import { connectClient, type TemporalClient } from './client.js';
import { ensureTemporal, installTemporalRuntime, type TemporalEndpoint } from './runtime.js';
import { createEncoursWorker } from './worker.js';
import { createCollectionDeps } from './dunning/execution/wiring.js';
import { createMailer } from '../api/routes/support/mailer.js';

/** The process that owns the warehouse: Temporal (embedded or not), the DuckDB instance, a worker, a client. */
export interface LocalRuntime {
  readonly temporal: TemporalEndpoint;
  readonly db: Warehouse;
  readonly worker: Worker;
  readonly client: TemporalClient;
  /** Resolves when the worker stops (it should only stop through `stop`). */
  readonly workerDone: Promise<void>;
  stop(): Promise<void>;
}

export interface LocalRuntimeOptions {
  config: Config;
  log: Log;
  /** No Temporal Web UI (CLI runs); `serve` and `demo` keep it. */
  headless?: boolean;
  searchPath?: string;
}

/** Starts Temporal if needed, opens the warehouse, runs a worker on the configured task queue. */
export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const { config, log } = options;
  installTemporalRuntime(log);
  const cleanup: Array<() => Promise<void> | void> = [];
  const unwind = async () => {
    for (const step of cleanup.reverse())
      await Promise.resolve(step()).catch((e: unknown) => log.warn({ err: e }, 'cleanup failed'));
  };
  try {
    const temporal = await ensureTemporal(config, log, {
      headless: options.headless,
      searchPath: options.searchPath,
    });
    cleanup.push(() => temporal.stop());
    const db = await openOwnWarehouse(config);
    cleanup.push(() => db.close());
    const collection = createCollectionDeps({ db, config, log });
    cleanup.push(() => collection.close());
    const client = await connectClient(temporal.address, temporal.namespace);
    cleanup.push(() => client.close());
    const { worker, connection } = await createEncoursWorker({
      address: temporal.address,
      namespace: temporal.namespace,
      taskQueue: config.taskQueue,
      deps: {
        db,
        config,
        log,
        collection,
        temporal: { client: client.client, taskQueue: config.taskQueue },
        digest: {
          db,
          ops: collection.ops,
          log,
          mailer: createMailer({
            smtpUrl: config.smtpUrl,
            outboxDir: config.outboxDir,
            from: config.mailFrom,
          }),
        },
      },
      bundleCacheDir: config.cacheDir,
    });
    cleanup.push(() => connection.close());
    const workerDone = worker.run();
    cleanup.push(async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerDone.catch((e: unknown) => log.warn({ err: e }, 'worker stopped with an error'));
    });
    log.info(
      { temporal: temporal.address, taskQueue: config.taskQueue, warehouse: config.warehousePath },
      'runtime started',
    );
    let stopping: Promise<void> | undefined;
    return { temporal, db, worker, client, workerDone, stop: () => (stopping ??= unwind()) };
  } catch (error) {
    await unwind();
    throw error;
  }
}

/** Opens the warehouse for writing; a lock held by another process means a `serve` (or another run) owns it. */
async function openOwnWarehouse(config: Config): Promise<Warehouse> {
  try {
    return await openWarehouse(config);
  } catch (error) {
    if (/lock/i.test((error as Error).message)) {
      throw new EncoursError(
        'conflict',
        `${config.warehousePath} is in use by another encours process (probably \`encours serve\`). ` +
          `Run this command with that server reachable (ENCOURS_URL, or on port ${config.apiPort}), or stop it first.`,
        { cause: error },
      );
    }
    throw error;
  }
}
