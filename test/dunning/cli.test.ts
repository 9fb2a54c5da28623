// `encours dunning run|pause|resume|controls` end to end: the CLI starts its own Temporal dev server and worker, the
// worked example's plan goes out (letters to the outbox), a second run sends nothing, the global pause holds it.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { freePort, makeTempDir } from '../pipeline/harness.js';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'encours.js');
const EXAMPLE = join(import.meta.dirname, '..', 'fixtures', 'worked-example', 'canonical');

describe('encours dunning (CLI)', () => {
  let env: NodeJS.ProcessEnv;
  let home: string;
  const cli = async (...args: string[]) =>
    (await run(process.execPath, [BIN, ...args], { env, timeout: 120_000 })).stdout;

  beforeAll(async () => {
    home = makeTempDir('dunning-cli');
    env = {
      ...process.env,
      ENCOURS_HOME: home,
      ENCOURS_PORT: String(await freePort()),
      ENCOURS_TEMPORAL_PORT: String(await freePort()),
      ENCOURS_LOG_LEVEL: 'warn',
      SMTP_URL: '',
    };
    await cli('import', 'canonical', EXAMPLE);
    // 2025-03-31 is a Monday; the worked example's plan that day: a J+30 letter to A and one to B
    await cli('dunning', 'controls', '--quiet-weekdays', '6,7', '--cap', '50');
  }, 180_000);

  it('holds a plan bigger than the cap (an alert, nothing sent, exit 1) and sends nothing on a quiet day', async () => {
    await cli(
      'user',
      'add',
      '--email',
      'admin@example.com',
      '--role',
      'admin',
      '--password',
      'a long enough password',
    );
    await cli('dunning', 'controls', '--cap', '1');
    // 2025-03-31: the plan has a letter for each of the two customers, over a cap of 1
    const over = await run(process.execPath, [BIN, 'dunning', 'run', '--as-of', '2025-03-31', '--json'], {
      env,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(over?.code).toBe(1);
    expect(JSON.parse(over!.stdout)).toMatchObject({ held: 'over_cap', signalled: 0 });
    expect(JSON.parse(over!.stdout).detail).toContain('over the cap of 1');
    await cli('dunning', 'controls', '--cap', '50');
    // 2025-03-29 is a Saturday, quiet by default
    const quiet = JSON.parse(await cli('dunning', 'run', '--as-of', '2025-03-29', '--json'));
    expect(quiet).toMatchObject({ held: 'quiet_day', signalled: 0 });
  }, 300_000);

  it('holds everything while paused, then sends the plan once, through Temporal', async () => {
    await cli('dunning', 'pause', '--all', '--reason', 'month-end review');
    const held = JSON.parse(await cli('dunning', 'run', '--as-of', '2025-03-31', '--json'));
    expect(held).toMatchObject({ held: 'paused', signalled: 0 });
    expect(JSON.parse(await cli('dunning', 'controls', '--json'))).toMatchObject({
      paused: true,
      max_messages_per_run: 50,
    });
    await cli('dunning', 'resume', '--all');

    const plan = JSON.parse(await cli('dunning', 'plan', '--as-of', '2025-03-31', '--json')) as {
      channel: string;
    }[];
    const first = JSON.parse(await cli('dunning', 'run', '--as-of', '2025-03-31', '--json'));
    expect(first.held).toBeUndefined();
    expect(first.actions).toBe(plan.length);
    expect(first.signalled).toBeGreaterThan(0);
    const letters = join(home, 'outbox', 'letters');
    await waitFor(
      () =>
        existsSync(letters) &&
        readdirSync(letters).length === plan.filter((a) => a.channel === 'letter').length,
    );

    const second = JSON.parse(await cli('dunning', 'run', '--as-of', '2025-03-31', '--json'));
    expect(second.actions).toBe(0);
    expect(readdirSync(letters)).toHaveLength(plan.filter((a) => a.channel === 'letter').length);
  }, 300_000);

  it('sends the cash-reporting digest to each user through Temporal, as the weekly schedule does', async () => {
    await cli(
      'user',
      'add',
      '--email',
      'cfo@example.com',
      '--role',
      'viewer',
      '--password',
      'a long enough password',
    );
    const outbox = join(home, 'outbox');
    const before = new Set(existsSync(outbox) ? readdirSync(outbox).filter((f) => f.endsWith('.eml')) : []);
    const run = JSON.parse(await cli('digest', 'send', '--as-of', '2025-03-31', '--json'));
    // the admin of the cap test and the CFO: one digest each
    expect(run).toMatchObject({ users: 2, sent: 2, failed: [] });
    const added = readdirSync(join(home, 'outbox')).filter((f) => f.endsWith('.eml') && !before.has(f));
    expect(added).toHaveLength(2);
    const eml = added
      .map((f) => readFileSync(join(home, 'outbox', f), 'utf8'))
      .find((m) => m.includes('cfo@example.com'))!;
    expect(eml).toContain('To: cfo@example.com');
    expect(eml).toContain('receivables as of 2025-03-31');
    expect(eml).toMatch(/Net receivable/);
  }, 300_000);

  it('refuses an unclear pause and a bad cap with the reason', async () => {
    await expect(cli('dunning', 'pause', '--reason', 'x')).rejects.toMatchObject({
      stderr: expect.stringContaining('--all, or --customer ID'),
    });
    await expect(cli('dunning', 'controls', '--cap', '0')).rejects.toMatchObject({
      stderr: expect.stringContaining('--cap must be a whole number'),
    });
  }, 60_000);
});

async function waitFor(check: () => boolean, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}
