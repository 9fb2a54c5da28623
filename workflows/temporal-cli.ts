import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';

const run = promisify(execFile);
const SETUP_SCRIPT = join(import.meta.dirname, '..', 'scripts', 'setup', 'temporal-cli.sh');

export interface CliLookup {
  /** `TEMPORAL_CLI`, when set. */
  explicit: string | undefined;
  /** `ENCOURS_CACHE` (the setup script builds `<cache>/bin/temporal`). */
  cacheDir: string;
  /** The PATH to search for `temporal`. */
  searchPath: string | undefined;
  log?: Log;
}

/**
 * The Temporal CLI binary: TEMPORAL_CLI, then `temporal` on PATH, then the user cache, else
 * scripts/setup/temporal-cli.sh (which builds it once with `go install`; minutes on first use).
 */
export async function resolveTemporalCli(lookup: CliLookup): Promise<string> {
  if (lookup.explicit) {
    if (!isExecutable(lookup.explicit)) {
      throw new EncoursError(
        'unavailable',
        `TEMPORAL_CLI=${lookup.explicit} is not an executable file; fix or unset it`,
      );
    }
    return lookup.explicit;
  }
  const onPath = findOnPath('temporal', lookup.searchPath);
  if (onPath) return onPath;
  const cached = join(lookup.cacheDir, 'bin', 'temporal');
  if (isExecutable(cached)) return cached;
  return runSetupScript(lookup);
}

function findOnPath(name: string, searchPath: string | undefined): string | undefined {
  for (const dir of (searchPath ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

async function runSetupScript(lookup: CliLookup): Promise<string> {
  if (!existsSync(SETUP_SCRIPT)) {
    throw new EncoursError(
      'unavailable',
      'no Temporal CLI found: put `temporal` on PATH or set TEMPORAL_CLI',
    );
  }
  lookup.log?.info(
    { script: SETUP_SCRIPT },
    'providing the Temporal CLI (first use may build it, several minutes)',
  );
  try {
    const { stdout } = await run('bash', [SETUP_SCRIPT], {
      env: { ...process.env, ENCOURS_CACHE: lookup.cacheDir },
      maxBuffer: 16 * 1024 * 1024,
    });
    const path = stdout.trim().split('\n').pop()?.trim();
    if (path && isExecutable(path)) return path;
    throw new Error(`the script printed no executable path ("${path ?? ''}")`);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-5).join('\n');
    throw new EncoursError(
      'unavailable',
      `no Temporal CLI: ${SETUP_SCRIPT} failed${stderr ? `:\n${stderr}` : ''}\n` +
        'Install it (see docs/operations.md), put `temporal` on PATH, or set TEMPORAL_CLI, or set TEMPORAL_ADDRESS to use an existing cluster.',
      { cause: error },
    );
  }
}
