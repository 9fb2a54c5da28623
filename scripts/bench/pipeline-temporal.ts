// Pipeline benchmarks through Temporal (docs/scaling.md):
//   tenants   TENANTS tenants (default 3), each its own ENCOURS_HOME, warehouse and `encours serve` worker process on
//             its own task queue, sharing one Temporal dev server: one tenant alone, then all at once.
//   overhead  the nightly pipeline through Temporal versus the same work done bare (import, transforms, KPI
//             snapshots, publish) on the same ledger, alternated BENCH_REPS times (default 3).
// Usage: node --import tsx scripts/bench/pipeline-temporal.ts tenants|overhead   (BENCH_INVOICES, default 20000)
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../lib/config.js';
import { freePort } from '../../lib/net.js';
import { createSilentLog } from '../../lib/log.js';
import { writeSources } from '../../pipelines/sources.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runTransforms } from '../../warehouse/transform.js';
import { publishAnalystSnapshot } from '../../warehouse/publish-snapshot.js';
import { snapshotDailyKpis } from '../../workflows/pipeline/kpi-snapshots.js';
import { connectClient, startPipeline } from '../../workflows/client.js';
import { startDevServer } from '../../workflows/dev-server.js';
import { startLocalRuntime } from '../../workflows/local-runtime.js';
import { resolveTemporalCli } from '../../workflows/temporal-cli.js';
import type { PipelineProgress } from '../../workflows/pipeline/types.js';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'encours.js');
const invoices = Number(process.env.BENCH_INVOICES ?? 20_000);
const log = createSilentLog();
const seconds = (ms: number) => Math.round(ms / 100) / 10;

/** A tenant home with one company's canonical export (company C1, as generated) in its drop folder. */
async function prepareTenant(name: string, seed: number): Promise<{ home: string; generatedMs: number }> {
  const home = mkdtempSync(join(tmpdir(), `encours-bench-${name}-`));
  const started = Date.now();
  const dropDir = join(home, 'drop', name);
  await generateLedger({
    outDir: join(dropDir, 'export-1'),
    customers: Math.max(100, Math.round(invoices / 30)),
    invoices,
    seed,
  });
  rmSync(join(dropDir, 'export-1', 'truth'), { recursive: true, force: true });
  writeSources(join(home, 'sources.json'), [{ company: 'C1', format: 'canonical', dropDir, options: {} }]);
  return { home, generatedMs: Date.now() - started };
}

async function benchTenants(): Promise<void> {
  const tenants = Number(process.env.TENANTS ?? 3);
  const config = loadConfig(process.env);
  const cli = await resolveTemporalCli({
    explicit: config.temporalCli,
    cacheDir: config.cacheDir,
    searchPath: process.env.PATH,
  });
  const port = await freePort();
  const server = await startDevServer({
    cli,
    port,
    logFile: join(tmpdir(), `encours-bench-temporal-${port}.log`),
    log,
  });
  const names = Array.from({ length: tenants + 1 }, (_, i) => `T${i}`);
  const homes = await Promise.all(names.map((n, i) => prepareTenant(n, 100 + i)));
  const workers: ChildProcess[] = names.map((name, i) =>
    spawn(process.execPath, [BIN, 'serve', '--port', String(port + 100 + i)], {
      env: {
        ...process.env,
        ENCOURS_HOME: homes[i]!.home,
        TEMPORAL_ADDRESS: server.address,
        ENCOURS_TASK_QUEUE: `encours-${name}`,
        ENCOURS_LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    }),
  );
  const client = await connectClient(server.address, 'default');
  try {
    await Promise.all(names.map((_, i) => waitForReady(port + 100 + i)));
    const runOne = async (name: string) => {
      const started = Date.now();
      const handle = await startPipeline(client.client, `encours-${name}`, { asOf: '2025-12-31' });
      const result = (await handle.result()) as PipelineProgress;
      return {
        tenant: name,
        status: result.status,
        seconds: seconds(Date.now() - started),
        rows: result.sources[0]?.rows,
        stages: Object.fromEntries(
          result.stages
            .filter((s) => s.startedAt && s.finishedAt)
            .map((s) => [s.name, seconds(Date.parse(s.finishedAt!) - Date.parse(s.startedAt!))]),
        ),
      };
    };
    const solo = await runOne('T0');
    const started = Date.now();
    const together = await Promise.all(names.slice(1).map(runOne));
    const wall = seconds(Date.now() - started);
    print({
      bench: 'tenants',
      invoicesPerTenant: invoices,
      solo,
      together,
      wallSeconds: wall,
      serialEstimate: seconds(solo.seconds * 1000 * tenants),
    });
  } finally {
    for (const w of workers) w.kill('SIGTERM');
    await Promise.all(
      workers.map((w) => new Promise((r) => (w.exitCode === null ? w.once('exit', r) : r(null)))),
    );
    await client.close();
    await server.stop();
    for (const h of homes) rmSync(h.home, { recursive: true, force: true });
  }
}

/** The same work bare (import, transforms, KPI snapshots, publish) and as the pipeline; alternated BENCH_REPS times. */
async function benchOverhead(): Promise<void> {
  const reps = Number(process.env.BENCH_REPS ?? 3);
  const bare: number[] = [];
  const piped: number[] = [];
  const loads: number[] = [];
  for (let rep = 0; rep < reps; rep++) {
    const order = rep % 2 === 0 ? [runBare, runPiped] : [runPiped, runBare];
    for (const run of order) {
      const outcome = await run();
      (outcome.kind === 'bare' ? bare : piped).push(outcome.ms);
      if (outcome.kind === 'piped') loads.push(outcome.loadMs);
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  print({
    bench: 'overhead',
    invoices,
    reps,
    bareSeconds: bare.map(seconds),
    pipelineSeconds: piped.map(seconds),
    pipelineLoadStageSeconds: loads.map(seconds),
    medianBareSeconds: seconds(median(bare)),
    medianPipelineSeconds: seconds(median(piped)),
    overheadRatio: Math.round((median(piped) / median(bare)) * 100) / 100,
    overheadSecondsPerRun: seconds(median(piped) - median(bare)),
  });
}

async function runBare(): Promise<{ kind: 'bare'; ms: number }> {
  const tenant = await prepareTenant('B', 7);
  try {
    const config = loadConfig({ ...process.env, ENCOURS_HOME: tenant.home });
    const db = await openWarehouse(config);
    const started = Date.now();
    const steps: Record<string, number> = {};
    const step = async (name: string, work: () => Promise<unknown>) => {
      const t = Date.now();
      await work();
      steps[name] = seconds(Date.now() - t);
    };
    await step('import', () =>
      importCanonical(db, join(tenant.home, 'drop', 'B', 'export-1'), { companyId: 'C1' }),
    );
    await step('transform', () => runTransforms(db));
    await step('kpi-snapshot', () => snapshotDailyKpis(db, '2025-12-31'));
    await step('publish', () => publishAnalystSnapshot(db, config.snapshotsDir, '2025-12-31'));
    const ms = Date.now() - started;
    db.close();
    process.stderr.write(`bare: ${JSON.stringify(steps)}\n`);
    return { kind: 'bare', ms };
  } finally {
    rmSync(tenant.home, { recursive: true, force: true });
  }
}

async function runPiped(): Promise<{ kind: 'piped'; ms: number; loadMs: number }> {
  const tenant = await prepareTenant('B', 7);
  const port = await freePort();
  const config = loadConfig({
    ...process.env,
    ENCOURS_HOME: tenant.home,
    ENCOURS_TEMPORAL_PORT: String(port),
  });
  const runtime = await startLocalRuntime({ config, log, headless: true, searchPath: process.env.PATH });
  try {
    const started = Date.now();
    const handle = await startPipeline(runtime.client.client, config.taskQueue, { asOf: '2025-12-31' });
    const result = (await handle.result()) as PipelineProgress;
    const ms = Date.now() - started;
    const load = result.stages.find((s) => s.name === 'load')!;
    const stages = result.stages
      .filter((s) => s.startedAt && s.finishedAt)
      .map((s) => [s.name, seconds(Date.parse(s.finishedAt!) - Date.parse(s.startedAt!))]);
    process.stderr.write(`pipeline: ${JSON.stringify(Object.fromEntries(stages))}\n`);
    return { kind: 'piped', ms, loadMs: Date.parse(load.finishedAt!) - Date.parse(load.startedAt!) };
  } finally {
    await runtime.stop();
    rmSync(tenant.home, { recursive: true, force: true });
  }
}

async function waitForReady(port: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const ok = await fetch(`http://127.0.0.1:${port}/api/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the worker on port ${port} did not become ready`);
}

function print(result: Record<string, unknown>): void {
  process.stdout.write(JSON.stringify(result) + '\n');
}

const mode = process.argv[2];
if (mode === 'tenants') await benchTenants();
else if (mode === 'overhead') await benchOverhead();
else throw new Error('usage: pipeline-temporal.ts tenants|overhead');
