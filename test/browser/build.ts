// Builds the dashboard once for the browser suites: skipped when dashboard/build is newer than every source file;
// a lock directory keeps two test files from building into the same folder at once.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..', '..');
export const DASHBOARD_ROOT = join(ROOT, 'dashboard');
export const DASHBOARD_BUILD = join(DASHBOARD_ROOT, 'build');
const SOURCES = ['src', 'static', 'svelte.config.js', 'vite.config.ts', 'tsconfig.json'].map((p) =>
  join(DASHBOARD_ROOT, p),
);
const LOCK = join(DASHBOARD_ROOT, '.build-lock');
const STALE_LOCK_MS = 5 * 60_000;

/** Builds dashboard/build unless it is up to date; returns whether it built. */
export async function ensureDashboardBuilt(): Promise<boolean> {
  if (isBuildFresh()) return false;
  await acquireLock();
  try {
    if (isBuildFresh()) return false;
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: DASHBOARD_ROOT,
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 300_000,
      },
    );
    return true;
  } catch (error) {
    const output = (error as { stderr?: Buffer; stdout?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`building the dashboard failed (cd dashboard && npx vite build):\n${output}`, {
      cause: error,
    });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function isBuildFresh(): boolean {
  const index = join(DASHBOARD_BUILD, 'index.html');
  if (!existsSync(index)) return false;
  return statSync(index).mtimeMs >= Math.max(...SOURCES.map(newestMtime));
}

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestMtime(join(path, name))));
}

async function acquireLock(): Promise<void> {
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const since = existsSync(LOCK) ? Date.now() - statSync(LOCK).mtimeMs : 0;
      if (since > STALE_LOCK_MS) rmSync(LOCK, { recursive: true, force: true });
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
