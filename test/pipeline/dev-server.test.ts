import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config.js';
import { isListening, startDevServer } from '../../workflows/dev-server.js';
import { resolveTemporalCli } from '../../workflows/temporal-cli.js';
import { freePort, log, makeTempDir as makeDir, startTestTemporal, type TestTemporal } from './harness.js';

describe('embedded Temporal dev server', () => {
  let temporal: TestTemporal;
  let cli: string;
  beforeAll(async () => {
    temporal = await startTestTemporal();
    const config = loadConfig(process.env);
    cli = await resolveTemporalCli({
      explicit: config.temporalCli,
      cacheDir: config.cacheDir,
      searchPath: process.env.PATH,
    });
  });
  afterAll(async () => temporal?.stop());
  const dirs: string[] = [];
  const makeTempDir = (prefix: string) => {
    const dir = makeDir(prefix);
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('reuses a dev server already listening on the port and leaves it running', async () => {
    const port = Number(temporal.address.split(':')[1]);
    const dir = makeTempDir('reuse');
    const again = await startDevServer({ cli, port, logFile: join(dir, 'temporal.log'), log });
    expect(again.reused).toBe(true);
    await again.stop();
    expect(await isListening('127.0.0.1', port)).toBe(true);
  });

  it('stops the server it started', async () => {
    const port = await freePort();
    const dir = makeTempDir('own');
    const server = await startDevServer({ cli, port, logFile: join(dir, 'temporal.log'), log });
    expect(server).toMatchObject({ reused: false, address: `127.0.0.1:${port}` });
    await server.stop();
    expect(await isListening('127.0.0.1', port)).toBe(false);
  });

  it('refuses a port held by something that is not Temporal', async () => {
    const squatter = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end('hello\n');
    });
    const port = await new Promise<number>((resolve) =>
      squatter.listen(0, '127.0.0.1', () => resolve((squatter.address() as { port: number }).port)),
    );
    try {
      const dir = makeTempDir('busy');
      await expect(startDevServer({ cli, port, logFile: join(dir, 'temporal.log'), log })).rejects.toThrow(
        /port \d+ is in use by something that is not a Temporal server/,
      );
    } finally {
      squatter.close();
    }
  });

  it('reports a CLI that cannot start', async () => {
    const dir = makeTempDir('bad-cli');
    await expect(
      startDevServer({
        cli: '/bin/false',
        port: await freePort(),
        logFile: join(dir, 'temporal.log'),
        log,
        startTimeoutMs: 5_000,
      }),
    ).rejects.toThrow(/did not start/);
  });
});
