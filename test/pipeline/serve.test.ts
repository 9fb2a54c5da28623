// `encours serve` as a user runs it: a child process owning the warehouse; the CLI's `pipeline run`, `pipeline status`
// and `schedule` then go through it (its Temporal dev server and worker) instead of fighting for the DuckDB lock.
import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isListening } from '../../workflows/dev-server.js';
import { configureSources, dropCanonical } from './drops.js';
import { freePort, makeTempDir } from './harness.js';
import { loadConfig } from '../../lib/config.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'encours.js');

describe('encours serve with the CLI alongside', () => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let server: ChildProcess;
  let output = '';
  let apiPort: number;
  let temporalPort: number;
  const cli = (...args: string[]) => run(process.execPath, [BIN, ...args], { env, timeout: 60_000 });

  beforeAll(async () => {
    home = makeTempDir('serve');
    [apiPort, temporalPort] = [await freePort(), await freePort()];
    env = {
      ...process.env,
      ENCOURS_HOME: home,
      ENCOURS_PORT: String(apiPort),
      ENCOURS_TEMPORAL_PORT: String(temporalPort),
      ENCOURS_TEMPORAL_UI_PORT: String(await freePort()),
      ENCOURS_LOG_LEVEL: 'warn',
    };
    const config = loadConfig(env);
    const [c1] = configureSources(config);
    dropCanonical(c1!, 'export-1');
    server = spawn(process.execPath, [BIN, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    await waitFor(() => output.includes('Press Ctrl+C') || server.exitCode !== null, 60_000);
    if (server.exitCode !== null) throw new Error(`encours serve exited (${server.exitCode}):\n${output}`);
  });
  afterAll(() => {
    if (server && server.exitCode === null) server.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  });

  it('is healthy and ready: warehouse, Temporal and worker', async () => {
    expect(output).toContain(
      `API          http://127.0.0.1:${apiPort}/api/health  (OpenAPI: http://127.0.0.1:${apiPort}/api/docs)`,
    );
    expect(output).toMatch(/Temporal UI {2}http:\/\/127\.0\.0\.1:\d+/);
    const ready = await (await fetch(`http://127.0.0.1:${apiPort}/api/ready`)).json();
    expect(ready).toEqual({ ready: true, checks: { warehouse: 'ok', temporal: 'ok', worker: 'ok' } });
  });

  it("runs `pipeline run` on the server's worker, and `pipeline status` reports it", async () => {
    const { stdout } = await cli('pipeline', 'run', '--as-of', '2025-03-31');
    expect(stdout).toContain('pipeline nightly/2025-03-31 started (worker: the running encours serve)');
    expect(stdout).toMatch(/C1 \(canonical\): loaded, 1\/1 item\(s\)/);
    expect(stdout).toContain('pipeline nightly/2025-03-31: completed');
    const status = JSON.parse((await cli('pipeline', 'status', '--json')).stdout);
    expect(status).toMatchObject({
      workflowId: 'nightly/2025-03-31',
      status: 'completed',
      asOf: '2025-03-31',
    });
    expect(status.stages.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'extract:completed',
      'load:completed',
      'transform:completed',
      'kpi-snapshot:completed',
      'publish:completed',
      'score:completed',
      'plan-reminders:completed',
      'signal-reminders:completed',
      'credit-alerts:completed',
    ]);
    expect(status.stages[1].rows).toBeGreaterThan(0);
  });

  it("manages the nightly schedule on the server's Temporal", async () => {
    expect((await cli('schedule', 'create', '--at', '01:30')).stdout).toContain(
      'schedule encours-nightly created: every day at 01:30 Europe/Paris',
    );
    const described = JSON.parse((await cli('schedule', 'describe', '--json')).stdout);
    expect(described).toMatchObject({
      scheduleId: 'encours-nightly',
      timezone: 'Europe/Paris',
      overlap: 'SKIP',
      paused: false,
    });
    expect(described.calendars[0]).toMatchObject({ hour: [{ start: 1 }], minute: [{ start: 30 }] });
  });

  it('stops cleanly on SIGTERM, with its dev server', async () => {
    const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('stopped');
    expect(await isListening('127.0.0.1', temporalPort)).toBe(false);
  });
});

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
