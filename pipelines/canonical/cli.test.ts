import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateCanonicalExample, writeCanonicalFolder } from './testing.js';

const BIN = resolve(import.meta.dirname, '..', '..', 'bin', 'encours.js');

function runCli(args: string[], home: string) {
  return spawnSync(process.execPath, [BIN, ...args], {
    env: { ...process.env, ENCOURS_HOME: home, ENCOURS_LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('encours import canonical', () => {
  it('prints the JSON report and exits 0; bad input exits 2 with the location on stderr', () => {
    const home = mkdtempSync(join(tmpdir(), 'encours-cli-'));
    const ok = runCli(['import', 'canonical', locateCanonicalExample(), '--json'], home);
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const report = JSON.parse(ok.stdout);
    expect(report).toMatchObject({
      format: 'canonical',
      unchanged: false,
      counts: { invoices: { inserted: 9 } },
    });

    const bad = writeCanonicalFolder({
      'payments.csv': 'payment_id,customer_id,date,amount\nP9,A,2025-01-01,12\nP10,A,2025-01-01,abc\n',
    });
    const refused = runCli(['import', 'canonical', bad], home);
    expect(refused.status).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(
      `"${join(bad, 'payments.csv')}" line 3 column amount: "abc" is not a number`,
    );
  });
});
