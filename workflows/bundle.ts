import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import type { Log } from '../lib/log.js';

export const WORKFLOWS_DIR = import.meta.dirname;
export const WORKFLOWS_PATH = join(WORKFLOWS_DIR, 'workflows.ts');

let inProcess: Promise<WorkflowBundle> | undefined;

/**
 * The workflow code bundled with webpack (about 2 s), once per process; with `cacheDir`, also kept on disk keyed by
 * a hash of workflows/ and the SDK version, so that a CLI run skips the bundling when nothing changed.
 */
export function loadWorkflowBundle(options: { log?: Log; cacheDir?: string } = {}): Promise<WorkflowBundle> {
  inProcess ??= buildOrRead(options).catch((error: unknown) => {
    inProcess = undefined;
    throw error;
  });
  return inProcess;
}

async function buildOrRead({ log, cacheDir }: { log?: Log; cacheDir?: string }): Promise<WorkflowBundle> {
  const file = cacheDir ? join(cacheDir, 'workflow-bundles', `${hashWorkflowSources()}.js`) : undefined;
  if (file && existsSync(file)) return { code: readFileSync(file, 'utf8') };
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_PATH,
    logger: log ? quietLogger(log) : undefined,
  });
  if (file) {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(`${file}.${process.pid}.tmp`, code);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return { code };
}

function hashWorkflowSources(): string {
  const hash = createHash('sha256');
  const sdk = join(WORKFLOWS_DIR, '..', 'node_modules', '@temporalio', 'workflow', 'package.json');
  hash.update(
    existsSync(sdk) ? (JSON.parse(readFileSync(sdk, 'utf8')) as { version: string }).version : 'unknown',
  );
  for (const path of listSources(WORKFLOWS_DIR))
    hash.update(relative(WORKFLOWS_DIR, path)).update(readFileSync(path));
  return hash.digest('hex').slice(0, 24);
}

function listSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? listSources(join(dir, e.name)) : [join(dir, e.name)]))
    .filter((p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))
    .sort();
}

function quietLogger(log: Log) {
  const child = log.child({ component: 'workflow-bundler' });
  return {
    log: () => undefined,
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (message: string, meta?: Record<string, unknown>) => child.warn(meta ?? {}, message),
    error: (message: string, meta?: Record<string, unknown>) => child.error(meta ?? {}, message),
  };
}
