// Checks the tool chain from scripts/setup/temporal-test-server.sh end to end:
// the Java time-skipping test server starts through @temporalio/testing's `existing-path`
// executable, a bundled workflow runs on it, and timers / env.sleep skip time.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

function testServerPath(): string {
  const out = execFileSync('bash', [join(here, 'temporal-test-server.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 300_000,
  });
  const path = out.trim().split('\n').pop();
  if (!path) throw new Error('temporal-test-server.sh printed no path');
  return path;
}

describe('Temporal Java time-skipping test server (existing-path)', () => {
  let env: TestWorkflowEnvironment;

  beforeAll(async () => {
    const path = testServerPath();
    try {
      Runtime.install({ logger: new DefaultLogger('WARN') });
    } catch {
      // a Runtime already exists in this process (installed by another test file): keep it
    }
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
    });
  }, 300_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('reports time skipping support', () => {
    expect(env.supportsTimeSkipping).toBe(true);
  });

  it('env.sleep advances server time without waiting', async () => {
    const before = await env.currentTimeMs();
    const wall = Date.now();
    await env.sleep('3 days');
    const after = await env.currentTimeMs();
    expect(after - before).toBeGreaterThanOrEqual(3 * 24 * 3600 * 1000);
    expect(Date.now() - wall).toBeLessThan(10_000);
  });

  it('runs a workflow with a 30-day timer in well under real time', async () => {
    const taskQueue = `setup-check-${Date.now()}`;
    const worker = await Worker.create({
      connection: env.nativeConnection,
      namespace: env.namespace ?? 'default',
      taskQueue,
      workflowsPath: join(here, 'fixtures', 'sleepy-workflow.ts'),
    });
    const wall = Date.now();
    const result = await worker.runUntil(
      env.client.workflow.execute('sleepyWorkflow', {
        args: [30],
        taskQueue,
        workflowId: `sleepy-${Date.now()}`,
      }),
    );
    expect(result).toBe('slept 30 days');
    expect(Date.now() - wall).toBeLessThan(30_000);
  });
});
