import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import { runTransforms } from '../../warehouse/transform.js';
import { generateLedger } from '../generator/index.js';
import { FEC_STAGING_TABLES } from './refresh.js';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../canonical/import.js';
import { locateCanonicalExample, readTables } from '../canonical/testing.js';
import { importTestFec, openTestWarehouse } from './testing.js';

const TABLES = [
  ...FEC_STAGING_TABLES.map((t) => `staging.${t}`),
  'core.documents',
  'core.payments',
  'core.allocations',
];

/** Every row of the FEC staging tables and of the core facts, in a stable order. */
const contents = (db: Warehouse) => readTables(db, TABLES);

/** What the import left, and what a rebuild of staging and core from raw gives on the same warehouse. */
async function compareWithRebuild(db: Warehouse): Promise<void> {
  const refreshed = await contents(db);
  await runTransforms(db, undefined, ['staging', 'core']);
  const rebuilt = await contents(db);
  for (const table of TABLES)
    expect({ table, rows: refreshed[table] }).toEqual({ table, rows: rebuilt[table] });
}

/** FEC imports refresh the staging tables of their companies only; the result equals a full rebuild. */
describe('FEC staging refreshed per company', () => {
  const work = mkdtempSync(join(tmpdir(), 'encours-fec-refresh-'));
  const filesOf = (company: string) =>
    readdirSync(join(work, company))
      .sort()
      .map((f) => join(work, company, f));
  const terms = () => join(work, 'customers.csv');
  let db: Warehouse;
  beforeAll(async () => {
    await generateLedger({
      customers: 25,
      invoices: 450,
      seed: 5,
      companies: 3,
      currencies: ['EUR', 'USD'],
      startDate: '2023-01-01',
      endDate: '2025-12-31',
      format: 'fec',
      outDir: work,
    });
    db = await openTestWarehouse();
  });
  afterAll(() => {
    db.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('imports one company after another, each leaving what a rebuild gives', async () => {
    for (const company of ['C1', 'C2', 'C3']) {
      await importTestFec(db, filesOf(company), { companyId: company, termsFile: terms() });
      const [row] = await db.all<{ companies: string }>(
        'select count(distinct company_id) as companies from staging.fec_04_entities',
      );
      expect(Number(row?.companies)).toBe(Number(company.slice(1)));
      await compareWithRebuild(db);
    }
    const [lines] = await db.all<{ n: string }>('select count(*) as n from staging.fec_02_lines');
    expect(Number(lines?.n)).toBeGreaterThan(500);
  });

  it('keeps other companies intact when one re-imports a corrected year with another unlettered policy', async () => {
    // C2's first year again, its payments no longer lettered: oldest-first allocates them instead
    const [first] = filesOf('C2');
    const corrected = join(work, 'corrected', basename(first!));
    mkdirSync(dirname(corrected), { recursive: true });
    const lines = readFileSync(first!, 'utf8').split('\n');
    const unlettered = lines.map((line, i) => {
      const f = line.split('|');
      if (i === 0 || f.length < 18 || !f[4]!.startsWith('411') || f[12] === '0,00') return line;
      f[13] = '';
      f[14] = '';
      return f.join('|');
    });
    writeFileSync(corrected, unlettered.join('\n'));
    const before = await db.all(
      `select * from staging.fec_06_allocations where company_id <> 'C2' order by all`,
    );
    const report = await importTestFec(db, [corrected], {
      companyId: 'C2',
      termsFile: terms(),
      unlettered: 'oldest-first',
    });
    expect(report.unchanged).toBe(false);
    const [oldestFirst] = await db.all<{ n: string }>(
      `select count(*) as n from staging.fec_06_allocations where company_id = 'C2' and rule = 'oldest-first'`,
    );
    expect(Number(oldestFirst?.n)).toBeGreaterThan(0);
    expect(
      await db.all(`select * from staging.fec_06_allocations where company_id <> 'C2' order by all`),
    ).toEqual(before);
    await compareWithRebuild(db);
  });

  it('keeps canonical facts when a FEC company is imported next to them', async () => {
    const mixed = await openTestWarehouse();
    await importCanonical(mixed, locateCanonicalExample(), { log: createSilentLog() });
    const canonical = await mixed.all(`select * from core.documents where source = 'canonical' order by all`);
    await importTestFec(mixed, filesOf('C3'), { companyId: 'C3', termsFile: terms() });
    expect(await mixed.all(`select * from core.documents where source = 'canonical' order by all`)).toEqual(
      canonical,
    );
    await compareWithRebuild(mixed);
    mixed.close();
  });
});
