// Benchmark phase `collectionThroughput` (issue [Reminders]): collection workflows on a real Temporal dev server.
// A generated ledger is imported into a fresh warehouse; the plan of its last date is sent through runDunning
// (signal-with-start per customer) to a worker with the real channels (emails and letters to the outbox); the phase
// times the signals and the deliveries until every collection is idle, then runs the same day again (sends nothing).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NativeConnection, Worker } from '@temporalio/worker';
import { loadConfig } from '../../lib/config.js';
import { freePort } from '../../lib/net.js';
import { createSilentLog } from '../../lib/log.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { updateDunningControls } from '../../warehouse/ops/dunning-controls.queries.js';
import { listDunningLog } from '../../warehouse/ops/dunning-log.queries.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { connectClient } from '../../workflows/client.js';
import { createCollectionActivities } from '../../workflows/collection/activities.js';
import { startDevServer } from '../../workflows/dev-server.js';
import { runDunning } from '../../workflows/dunning/execution/run.js';
import { createCollectionDeps } from '../../workflows/dunning/execution/wiring.js';
import { installTemporalRuntime } from '../../workflows/runtime.js';
import { resolveTemporalCli } from '../../workflows/temporal-cli.js';
import { loadWorkflowBundle } from '../../workflows/bundle.js';
import { waitForDeliveries } from '../../workflows/run-dunning.js';

export async function benchCollectionThroughput(args: { customers: number; invoices: number }) {
  const log = createSilentLog();
  installTemporalRuntime(log);
  const home = mkdtempSync(join(tmpdir(), 'bench-collection-'));
  const config = loadConfig({ ...process.env, ENCOURS_HOME: home, SMTP_URL: '' });
  const cli = await resolveTemporalCli({
    explicit: config.temporalCli,
    cacheDir: config.cacheDir,
    searchPath: process.env.PATH,
  });
  const server = await startDevServer({
    cli,
    port: await freePort(),
    dbFile: join(home, 'temporal.db'),
    logFile: join(home, 'temporal.log'),
    log,
  });
  const db = await openWarehouse(config);
  const deps = createCollectionDeps({ db, config, log });
  const client = await connectClient(server.address, 'default');
  try {
    await generateLedger({
      outDir: join(home, 'ledger'),
      customers: args.customers,
      invoices: args.invoices,
      seed: 3,
    });
    await importCanonical(db, join(home, 'ledger'), { log });
    await updateDunningControls(deps.ops, {
      quiet_weekdays: [],
      max_messages_per_run: 1_000_000,
      updated_by: 'bench',
    });
    const asOf = await findDefaultAsOf(db);
    const taskQueue = 'bench-collection';
    const connection = await NativeConnection.connect({ address: server.address });
    const worker = await Worker.create({
      connection,
      taskQueue,
      workflowBundle: await loadWorkflowBundle({ log, cacheDir: config.cacheDir }),
      activities: createCollectionActivities(deps),
      maxConcurrentActivityTaskExecutions: 8,
    });
    const running = worker.run();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const result = await runDunning({ db, ops: deps.ops, client: client.client, taskQueue, log }, { asOf });
    const signalSeconds = (performance.now() - started) / 1000;
    await waitForDeliveries(client.client, result);
    const totalSeconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const sent = (await listDunningLog(deps.ops, { limit: 1000, status: 'sent' })).length;
    const again = await runDunning({ db, ops: deps.ops, client: client.client, taskQueue, log }, { asOf });
    worker.shutdown();
    await running;
    await connection.close();
    return {
      asOf,
      customers: args.customers,
      invoices: args.invoices,
      workflows: result.signalled,
      actions: result.actions,
      sentLogged: sent,
      signalSeconds,
      totalSeconds,
      workflowsPerSecond: result.signalled / totalSeconds,
      actionsPerSecond: result.actions / totalSeconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      secondRunActions: again.actions,
    };
  } finally {
    await client.close();
    await deps.close();
    db.close();
    await server.stop();
    rmSync(home, { recursive: true, force: true });
  }
}
