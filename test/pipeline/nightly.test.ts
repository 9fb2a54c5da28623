import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Context } from '@temporalio/activity';
import { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb } from '../../warehouse/db.js';
import { followPipeline, startPipeline, type TemporalClient } from '../../workflows/client.js';
import { loadWorkflowBundle } from '../../workflows/bundle.js';
import {
  connectTestClient,
  createTestHome,
  startTestTemporal,
  startTestWorker,
  uniqueTaskQueue,
  type RunningWorker,
  type TestHome,
  type TestTemporal,
} from './harness.js';
import { saveHistory } from './history.js';
import { configureSources, countCanonicalRows, dropCanonical, dropFec, FEC_FILE } from './drops.js';

const FIXTURE = join(import.meta.dirname, 'fixtures', 'nightly-partial.history.json');

describe('nightly pipeline on the Temporal dev server', () => {
  let temporal: TestTemporal;
  let client: TemporalClient;
  let home: TestHome;
  let worker: RunningWorker | undefined;

  beforeAll(async () => {
    temporal = await startTestTemporal();
    client = await connectTestClient(temporal);
  });
  afterEach(async () => {
    await worker?.stop();
    worker = undefined;
    home?.close();
  });
  afterAll(async () => {
    await client?.close();
    await temporal?.stop();
  });

  const count = async (sql: string, params?: string[]) =>
    Number((await home.db.all<{ n: string }>(sql, params))[0]!.n);
  const run = async (taskQueue: string, asOf: string) =>
    followPipeline(await startPipeline(client.client, taskQueue, { asOf }), () => undefined, 100);

  it('loads dropped files, archives them, snapshots the KPIs and publishes the analyst snapshot', async () => {
    home = await createTestHome();
    const [c1, c2] = configureSources(home.config);
    dropCanonical(c1!, 'export-1');
    dropFec(c2!);
    const taskQueue = uniqueTaskQueue('happy');
    worker = await startTestWorker(temporal, home, taskQueue);

    const result = await run(taskQueue, '2025-03-31');
    expect(result.status).toBe('completed');
    expect(result.sources.map((s) => [s.company, s.status, s.loaded])).toEqual([
      ['C1', 'loaded', 1],
      ['C2', 'loaded', 1],
    ]);
    expect(await count(`select count(*) as n from core.documents where company_id = 'C1'`)).toBe(
      countCanonicalRows('invoices.csv'),
    );
    expect(await count(`select count(*) as n from core.documents where company_id = 'C2'`)).toBeGreaterThan(
      0,
    );
    const kpis = await home.db.all<{ company_id: string; net_ar: string }>(
      `select company_id, net_ar::varchar as net_ar from marts.kpi_daily where as_of = '2025-03-31' order by 1`,
    );
    expect(kpis).toEqual([
      { company_id: '*', net_ar: '20200.00' },
      { company_id: 'C1', net_ar: '10100.00' },
      { company_id: 'C2', net_ar: '10100.00' },
    ]);
    // back-filled from the ledger's first day (2024-11-15) to the as-of date
    expect(await count('select count(distinct as_of) as n from marts.kpi_daily')).toBe(137);
    expect(readdirSync(c1!.dropDir)).toEqual(['archive']);
    expect(existsSync(join(c1!.dropDir, 'archive', '2025-03-31', 'export-1', 'invoices.csv'))).toBe(true);
    expect(existsSync(join(c2!.dropDir, 'archive', '2025-03-31', FEC_FILE))).toBe(true);

    const snapshot = join(home.config.snapshotsDir, 'warehouse-2025-03-31.duckdb');
    expect(result.snapshot).toBe(snapshot);
    expect(readFileSync(join(home.config.snapshotsDir, 'latest'), 'utf8').trim()).toBe(
      'warehouse-2025-03-31.duckdb',
    );
    expect(
      existsSync(join(home.config.snapshotsDir, 'warehouse-2025-03-31.parquet', 'core.documents.parquet')),
    ).toBe(true);
    const copy = await openDuckDb(snapshot, { readOnly: true });
    try {
      expect(Number((await copy.all<{ n: string }>('select count(*) as n from core.documents'))[0]!.n)).toBe(
        await count('select count(*) as n from core.documents'),
      );
    } finally {
      copy.close();
    }

    // The next night: the same files dropped again change nothing; only the new day is snapshotted.
    const rawBefore = await count('select count(*) as n from raw.canonical_documents');
    dropCanonical(c1!, 'export-1');
    const next = await run(taskQueue, '2025-04-01');
    expect(next.sources.map((s) => s.status)).toEqual(['unchanged', 'empty']);
    expect(await count('select count(*) as n from raw.canonical_documents')).toBe(rawBefore);
    expect(next.stages.find((s) => s.name === 'kpi-snapshot')).toMatchObject({
      rows: 1,
      detail: '2025-04-01',
    });
    expect(existsSync(join(c1!.dropDir, 'archive', '2025-04-01', 'export-1'))).toBe(true);
  });

  it('retries a load that failed after its commit without duplicating a row', async () => {
    home = await createTestHome();
    const [c1] = configureSources(home.config);
    dropCanonical(c1!, 'export-1');
    const attempts: number[] = [];
    const taskQueue = uniqueTaskQueue('retry');
    worker = await startTestWorker(temporal, home, taskQueue, {
      afterLoad(_item, _outcome, attempt) {
        attempts.push(attempt);
        if (attempt === 1) throw new Error('injected: worker lost after the import committed');
      },
    });
    const result = await run(taskQueue, '2025-03-31');
    expect(attempts).toEqual([1, 2]);
    expect(result.status).toBe('completed');
    expect(await count('select count(*) as n from raw.canonical_documents')).toBe(
      countCanonicalRows('invoices.csv'),
    );
    expect(await count('select count(*) as n from raw.canonical_payments')).toBe(
      countCanonicalRows('payments.csv'),
    );
    expect(await count(`select count(*) as n from meta.loads where format = 'canonical'`)).toBe(1);
    expect(await count('select count(*) as n from core.documents')).toBe(countCanonicalRows('invoices.csv'));
  });

  it('completes a run whose worker was restarted in the middle of a load', async () => {
    home = await createTestHome();
    const [c1, c2] = configureSources(home.config);
    dropCanonical(c1!, 'export-1');
    dropFec(c2!);
    const taskQueue = uniqueTaskQueue('restart');
    let entered!: () => void;
    const inLoad = new Promise<void>((resolve) => (entered = resolve));
    const first = await startTestWorker(temporal, home, taskQueue, {
      async beforeLoad(item) {
        if (item.name !== FEC_FILE) return;
        entered();
        await Context.current().cancelled; // hangs until the worker shuts down and cancels it
      },
    });
    const handle = await startPipeline(client.client, taskQueue, { asOf: '2025-03-31' });
    await inLoad;
    await first.stop(); // the FEC load is abandoned mid-flight
    worker = await startTestWorker(temporal, home, taskQueue);
    const result = await followPipeline(handle, () => undefined, 100);
    expect(result.status).toBe('completed');
    expect(result.sources.map((s) => s.status)).toEqual(['loaded', 'loaded']);
    expect(await count(`select count(*) as n from meta.loads`)).toBe(2);
    expect(await count(`select count(*) as n from core.documents where company_id = 'C1'`)).toBe(
      countCanonicalRows('invoices.csv'),
    );
  });

  it('quarantines a bad file with its error report and still loads the other sources', async () => {
    home = await createTestHome();
    const [c1, c2] = configureSources(home.config);
    dropCanonical(c1!, 'export-1', (_file, text) => text.replace('2025-01-15', '2025-13-15'));
    dropCanonical(c1!, 'export-2');
    dropFec(c2!);
    const taskQueue = uniqueTaskQueue('quarantine');
    worker = await startTestWorker(temporal, home, taskQueue);
    const handle = await startPipeline(client.client, taskQueue, { asOf: '2025-03-31' });
    const result = await followPipeline(handle, () => undefined, 100);

    expect(result.status).toBe('partial');
    const [s1, s2] = result.sources;
    expect(s1).toMatchObject({ company: 'C1', status: 'failed', loaded: 0 });
    expect(s1!.error).toMatch(/^export-1: .*invoices\.csv.* line \d+/);
    expect(s2).toMatchObject({ company: 'C2', status: 'loaded', loaded: 1 });
    const quarantined = join(c1!.dropDir, 'quarantine', '2025-03-31', 'export-1');
    expect(s1!.quarantined).toEqual([quarantined]);
    expect(existsSync(join(quarantined, 'invoices.csv'))).toBe(true);
    const report = readFileSync(`${quarantined}.error.txt`, 'utf8');
    expect(report).toContain('invoices.csv');
    expect(report).toContain('Nothing from this item was written to the warehouse');
    // the source stops at its bad item: the later export waits in the drop folder for the next run
    expect(readdirSync(c1!.dropDir).sort()).toEqual(['export-2', 'quarantine']);
    expect(await count(`select count(*) as n from core.documents where company_id = 'C1'`)).toBe(0);
    expect(await count(`select count(*) as n from core.documents where company_id = 'C2'`)).toBeGreaterThan(
      0,
    );
    expect(result.stages.find((s) => s.name === 'load')?.status).toBe('partial');
    expect(result.stages.find((s) => s.name === 'publish')?.status).toBe('completed');

    // Determinism: the recorded history replays against the current workflow code.
    const history = await handle.fetchHistory();
    const bundle = await loadWorkflowBundle();
    await Worker.runReplayHistory({ workflowBundle: bundle }, history, handle.workflowId);
    if (process.env.ENCOURS_RECORD_HISTORY || !existsSync(FIXTURE)) saveHistory(FIXTURE, history);
  });
});
