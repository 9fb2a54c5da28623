import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createConnection } from 'node:net';
import { Connection } from '@temporalio/client';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';

export interface DevServerOptions {
  /** The Temporal CLI binary (see resolveTemporalCli). */
  cli: string;
  host?: string;
  port: number;
  /** Omit for a headless server (no Web UI). */
  uiPort?: number;
  /** Persistent state (`$ENCOURS_HOME/temporal.db`); omit for an in-memory server. */
  dbFile?: string;
  /** The server's stdout/stderr go here (appended). */
  logFile: string;
  namespace?: string;
  log: Log;
  startTimeoutMs?: number;
}

export interface DevServer {
  readonly address: string;
  readonly uiUrl: string | undefined;
  /** True when a dev server already listened on the port (left by an earlier `serve`): not ours to stop. */
  readonly reused: boolean;
  stop(): Promise<void>;
}

/** Starts `temporal server start-dev` as a child process, or reuses the Temporal server already on the port. */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const host = options.host ?? '127.0.0.1';
  const address = `${host}:${options.port}`;
  const namespace = options.namespace ?? 'default';
  const uiUrl = options.uiPort ? `http://${host}:${options.uiPort}` : undefined;
  if (await isListening(host, options.port)) {
    if (!(await isTemporalReady(address, namespace, 3_000))) {
      throw new EncoursError(
        'unavailable',
        `port ${options.port} is in use by something that is not a Temporal server; ` +
          'free it, set ENCOURS_TEMPORAL_PORT to another port, or set TEMPORAL_ADDRESS',
      );
    }
    options.log.info({ address }, 'reusing the Temporal dev server already listening');
    return { address, uiUrl, reused: true, stop: async () => undefined };
  }
  const child = spawnServer(options, host, namespace);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const killOnExit = () => child.kill('SIGTERM');
  process.once('exit', killOnExit);
  const ready = await Promise.race([
    waitUntilReady(address, namespace, options.startTimeoutMs ?? 60_000),
    exited.then(() => false),
  ]);
  if (!ready) {
    child.kill('SIGKILL');
    process.off('exit', killOnExit);
    throw new EncoursError(
      'unavailable',
      `the Temporal dev server did not start on ${address}:\n${readTail(options.logFile)}\n` +
        `(full log: ${options.logFile}; command: ${options.cli} server start-dev)`,
    );
  }
  options.log.info({ address, uiUrl, pid: child.pid }, 'Temporal dev server started');
  return {
    address,
    uiUrl,
    reused: false,
    async stop() {
      process.off('exit', killOnExit);
      await stopChild(child, exited);
    },
  };
}

function spawnServer(options: DevServerOptions, host: string, namespace: string): ChildProcess {
  const args = ['server', 'start-dev', '--ip', host, '--port', String(options.port), '--log-level', 'warn'];
  if (options.uiPort) args.push('--ui-port', String(options.uiPort));
  else args.push('--headless');
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (namespace !== 'default') args.push('--namespace', namespace);
  mkdirSync(dirname(options.logFile), { recursive: true });
  const out = openSync(options.logFile, 'a');
  try {
    return spawn(options.cli, args, { stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
}

async function stopChild(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

export function isListening(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const done = (result: boolean) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The frontend answers and the namespace exists. */
export async function isTemporalReady(
  address: string,
  namespace: string,
  timeoutMs: number,
): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.withDeadline(Date.now() + timeoutMs, () =>
      connection!.workflowService.describeNamespace({ namespace }),
    );
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

async function waitUntilReady(address: string, namespace: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const [host, port] = [
    address.slice(0, address.lastIndexOf(':')),
    Number(address.slice(address.lastIndexOf(':') + 1)),
  ];
  while (Date.now() < deadline) {
    if ((await isListening(host, port, 500)) && (await isTemporalReady(address, namespace, 2_000)))
      return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-10).join('\n');
  } catch {
    return '(no server output)';
  }
}
