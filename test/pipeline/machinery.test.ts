import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followPipeline, readLastRun, startPipeline } from '../../workflows/client.js';
import type { PipelineProgress } from '../../workflows/pipeline/types.js';
import {
  connectTestClient,
  createTestHome,
  startTestTemporal,
  startTestWorker,
  uniqueTaskQueue,
  type TestHome,
  type TestTemporal,
} from './harness.js';
import type { TemporalClient } from '../../workflows/client.js';

describe('nightly pipeline machinery on the Temporal dev server', () => {
  let temporal: TestTemporal;
  let client: TemporalClient;
  let home: TestHome;

  beforeAll(async () => {
    temporal = await startTestTemporal();
    client = await connectTestClient(temporal);
    home = await createTestHome();
  });
  afterAll(async () => {
    await client?.close();
    home?.close();
    await temporal?.stop();
  });

  it('runs every stage with no sources, reports progress and publishes a snapshot', async () => {
    const taskQueue = uniqueTaskQueue('empty');
    const worker = await startTestWorker(temporal, home, taskQueue);
    try {
      const handle = await startPipeline(client.client, taskQueue, { asOf: '2025-03-31' });
      expect(handle.workflowId).toBe(`nightly/2025-03-31@${taskQueue}`);
      const seen: PipelineProgress[] = [];
      const result = await followPipeline(handle, (p) => seen.push(p), 100);
      expect(result.status).toBe('completed');
      expect(result.stages.map((s) => [s.name, s.status])).toEqual([
        ['extract', 'completed'],
        ['load', 'completed'],
        ['transform', 'completed'],
        ['kpi-snapshot', 'completed'],
        ['publish', 'completed'],
        ['score', 'completed'],
        ['plan-reminders', 'completed'],
        ['signal-reminders', 'completed'],
        ['credit-alerts', 'completed'],
      ]);
      expect(result.stages.find((s) => s.name === 'score')?.detail).toMatch(
        /^skipped: only 0 invoices were settled/,
      );
      expect(seen.length).toBeGreaterThan(0);
      const snapshot = join(home.config.snapshotsDir, 'warehouse-2025-03-31.duckdb');
      expect(result.snapshot).toBe(snapshot);
      expect(existsSync(snapshot)).toBe(true);
      expect(readFileSync(join(home.config.snapshotsDir, 'latest'), 'utf8').trim()).toBe(
        'warehouse-2025-03-31.duckdb',
      );
      const last = await readLastRun(client.client, taskQueue);
      expect(last).toMatchObject({
        workflowId: `nightly/2025-03-31@${taskQueue}`,
        status: 'completed',
        asOf: '2025-03-31',
      });
      expect(last?.closedAt).not.toBeNull();
      expect(await readLastRun(client.client, 'another-queue')).toBeUndefined();
    } finally {
      await worker.stop();
    }
  });

  it('closes the previous day in the schedule time zone when no as-of date is given', async () => {
    const taskQueue = uniqueTaskQueue('scheduled');
    const worker = await startTestWorker(temporal, home, taskQueue);
    try {
      const zone = 'Pacific/Kiritimati'; // UTC+14: often a different calendar day than UTC
      const handle = await client.client.workflow.start('nightlyPipeline', {
        taskQueue,
        workflowId: 'nightly/scheduled-test',
        args: [{ timezone: zone }],
      });
      const result = (await handle.result()) as PipelineProgress;
      const started = (await handle.describe()).startTime;
      const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone }).format(started);
      const expected = new Date(Date.parse(`${local}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
      expect(result.asOf).toBe(expected);
    } finally {
      await worker.stop();
    }
  });
});
