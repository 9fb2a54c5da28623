import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../lib/config.js';
import { InputError } from '../../lib/errors.js';
import { invoice, writeFec } from '../../pipelines/fec/testing.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { runCliInProcess } from '../testing.js';

let home: string;
let config: Config;
const root = resolve(import.meta.dirname, '..', '..');
const example = [
  join(root, 'test', 'fixtures', 'worked-example'),
  join(root, '..', 'shared', 'fixtures', 'worked-example'),
].find((dir) => existsSync(join(dir, 'fec')))!;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'encours-import-fec-cli-'));
  config = loadConfig({ ENCOURS_HOME: home });
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

/** Runs `encours <args>` in-process against the temp home; returns what it printed. */
const run = (...args: string[]) => runCliInProcess(config, ...args);

describe('encours import fec', () => {
  it('imports the worked example with its options, prints the report, and a re-import changes nothing', async () => {
    const fec = join(example, 'fec', '123456789FEC20251231.txt');
    const terms = join(example, 'fec', 'customers.csv');
    const args = [
      'import',
      'fec',
      fec,
      '--terms-file',
      terms,
      '--unlettered',
      'oldest-first',
      '--default-terms',
      '45fm',
    ];
    const report = JSON.parse(await run(...args, '--json'));
    expect(report).toMatchObject({
      format: 'fec',
      companyId: '123456789',
      unchanged: false,
      counts: {
        lines: { inserted: 28 },
        documents: { inserted: 9 },
        payments: { inserted: 5 },
        allocations: { inserted: 7 },
      },
    });
    const db = await openWarehouse(config, { readOnly: true });
    expect(
      await db.all(`select unlettered, default_terms, receivable_prefix from meta.company_settings`),
    ).toEqual([{ unlettered: 'oldest-first', default_terms: '45FM', receivable_prefix: '411' }]);
    db.close();
    expect(await run(...args)).toMatch(/Nothing new: every line is already in the warehouse/);
  });

  it('refuses a bad file with its location', async () => {
    const path = writeFec('t.txt', [...invoice('1', '2025-13-01', 'C1', 'F1', '1,00')]);
    await expect(run('import', 'fec', path)).rejects.toThrow(InputError);
    await expect(run('import', 'fec', path)).rejects.toThrow(
      /line 2 column EcritureDate: "2025-13-01" is not a real calendar date/,
    );
  });
});
