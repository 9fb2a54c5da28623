// Shared setup for the pipeline suites: a real Temporal dev server on free ports, a temporary ENCOURS_HOME with its
// warehouse, and workers polling a task queue of their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Worker } from '@temporalio/worker';
import { loadConfig, type Config } from '../../lib/config.js';
import { createSilentLog, type Log } from '../../lib/log.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';
import { startDevServer, type DevServer } from '../../workflows/dev-server.js';
import { resolveTemporalCli } from '../../workflows/temporal-cli.js';
import { installTemporalRuntime } from '../../workflows/runtime.js';
import { createEncoursWorker } from '../../workflows/worker.js';
import { connectClient, type TemporalClient } from '../../workflows/client.js';
import type { PipelineHooks } from '../../workflows/pipeline/activities.js';
import { createCollectionDeps } from '../../workflows/dunning/execution/wiring.js';

export const log: Log = createSilentLog();

import { freePort } from '../../lib/net.js';

export { freePort };

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `encours-${prefix}-`));
}

export interface TestTemporal {
  server: DevServer;
  address: string;
  dir: string;
  stop(): Promise<void>;
}

/** A fresh dev server (headless, state in a temp file) on a free port. */
export async function startTestTemporal(): Promise<TestTemporal> {
  installTemporalRuntime(log);
  const dir = makeTempDir('temporal');
  const config = loadConfig(process.env);
  const cli = await resolveTemporalCli({
    explicit: config.temporalCli,
    cacheDir: config.cacheDir,
    searchPath: process.env.PATH,
  });
  const server = await startDevServer({
    cli,
    port: await freePort(),
    dbFile: join(dir, 'temporal.db'),
    logFile: join(dir, 'temporal.log'),
    log,
  });
  return {
    server,
    address: server.address,
    dir,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestHome {
  config: Config;
  db: Warehouse;
  close(): void;
}

export async function createTestHome(): Promise<TestHome> {
  const home = makeTempDir('home');
  const config = loadConfig({ ENCOURS_HOME: home, HOME: home });
  const db = await openWarehouse(config);
  return {
    config,
    db,
    close() {
      db.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export interface RunningWorker {
  worker: Worker;
  /** Stops polling (running activities get the shutdown grace time) and closes the connection. */
  stop(): Promise<void>;
}

export async function startTestWorker(
  temporal: TestTemporal,
  home: TestHome,
  taskQueue: string,
  hooks?: PipelineHooks,
): Promise<RunningWorker> {
  // the same wiring as the server's (workflows/local-runtime.ts): the reminder engine and a client to signal with
  const collection = createCollectionDeps({ db: home.db, config: home.config, log });
  const client = await connectClient(temporal.address, 'default');
  const { worker, connection } = await createEncoursWorker({
    address: temporal.address,
    namespace: 'default',
    taskQueue,
    deps: {
      db: home.db,
      config: home.config,
      log,
      hooks,
      collection,
      temporal: { client: client.client, taskQueue },
    },
    shutdownGraceTime: '2 seconds',
  });
  const running = worker.run();
  return {
    worker,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await client.close();
      await collection.close();
    },
  };
}

export async function connectTestClient(temporal: TestTemporal): Promise<TemporalClient> {
  return connectClient(temporal.address, 'default');
}

let queueCount = 0;
export function uniqueTaskQueue(name: string): string {
  queueCount += 1;
  return `test-${name}-${process.pid}-${queueCount}`;
}
