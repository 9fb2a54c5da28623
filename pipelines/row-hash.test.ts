import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../warehouse/db.js';
import { migrateWarehouse } from '../warehouse/migrate.js';
import { prepareWarehouse } from '../warehouse/warehouse.js';
import { importCanonical } from './canonical/import.js';
import { HASHED_TABLES } from './row-hash.js';
import { hashOf } from './canonical/sql.js';
import { locateCanonicalExample, openTestWarehouse, snapshotWarehouse } from './canonical/testing.js';
import { importTestFec } from './fec/testing.js';

const MIGRATIONS = join(import.meta.dirname, '..', 'warehouse', 'migrations');

/** Stored hashes that differ from what this DuckDB computes over the stored values, per raw table. */
async function staleHashes(db: Warehouse): Promise<Record<string, number>> {
  const stale: Record<string, number> = {};
  for (const shape of HASHED_TABLES) {
    const [row] = await db.all<{ n: string }>(
      `select count(*) filter (where row_hash is distinct from ${hashOf(shape.columns)}) as n from ${shape.raw}`,
    );
    stale[shape.raw] = Number(row?.n);
  }
  return stale;
}

const noneStale = Object.fromEntries(HASHED_TABLES.map((s) => [s.raw, 0]));

describe('canonical row hashes', () => {
  it('stores the hash of the typed values, the same as one computed again over the stored raw row', async () => {
    const db = await openTestWarehouse();
    await importCanonical(db, locateCanonicalExample());
    expect(await staleHashes(db)).toEqual(noneStale);
    const [rows] = await db.all<{ n: string }>('select count(*) as n from raw.canonical_documents');
    expect(Number(rows?.n)).toBeGreaterThan(5);
    db.close();
  });

  it('recomputes stored hashes when the hash function changed (another DuckDB), so identical content stays unchanged', async () => {
    const db = await openTestWarehouse();
    await importCanonical(db, locateCanonicalExample());
    // what another DuckDB version would have stored: other hashes, another fingerprint
    for (const shape of HASHED_TABLES) await db.run(`update ${shape.raw} set row_hash = row_hash + 1`);
    await db.run('update meta.row_hash_scheme set fingerprint = fingerprint + 1');
    const before = await snapshotWarehouse(db);
    const report = await importCanonical(db, locateCanonicalExample());
    expect(report.unchanged).toBe(true);
    expect(await snapshotWarehouse(db)).toEqual(before);
    expect(await staleHashes(db)).toEqual(noneStale);
    db.close();
  });

  it('hashes FEC lines the same way: recomputed after a change of hash function, an identical FEC stays unchanged', async () => {
    const db = await openTestWarehouse();
    const fec = join(locateCanonicalExample(), '..', 'fec');
    const load = () =>
      importTestFec(db, [join(fec, '123456789FEC20251231.txt')], { termsFile: join(fec, 'customers.csv') });
    expect((await load()).unchanged).toBe(false);
    const [lines] = await db.all<{ n: string; hashes: string }>(
      'select count(*) as n, count(distinct row_hash) as hashes from raw.fec_lines',
    );
    expect(Number(lines?.n)).toBeGreaterThan(10);
    expect(await staleHashes(db)).toEqual(noneStale);
    await db.run('update raw.fec_lines set row_hash = row_hash + 1');
    await db.run('update meta.row_hash_scheme set fingerprint = fingerprint + 1');
    expect((await load()).unchanged).toBe(true);
    expect(await staleHashes(db)).toEqual(noneStale);
    const [loads] = await db.all<{ n: string }>("select count(*) as n from meta.loads where format = 'fec'");
    expect(Number(loads?.n)).toBe(1);
    db.close();
  });

  it('upgrades a warehouse whose raw rows carry the former md5 text hashes', async () => {
    const older = mkdtempSync(join(tmpdir(), 'encours-migrations-'));
    for (const name of readdirSync(MIGRATIONS).filter((n) => n < '900'))
      cpSync(join(MIGRATIONS, name), join(older, name));
    const db = await openDuckDb(':memory:');
    await migrateWarehouse(db, older);
    await db.run(`insert into raw.canonical_documents (load_id, source_file, source_line, company_id, document_id,
      customer_id, type, issue_date, amount, row_hash)
      values (1, 'invoices.csv', 2, 'ACME-FR', 'OLD-1', 'C001', 'invoice', date '2023-01-01', 10.00, md5('x'))`);
    await prepareWarehouse(db, 'EUR');
    const [column] = await db.all<{ data_type: string }>(
      `select data_type from information_schema.columns
       where table_schema = 'raw' and table_name = 'canonical_documents' and column_name = 'row_hash'`,
    );
    expect(column?.data_type).toBe('UBIGINT');
    const [fecColumn] = await db.all<{ data_type: string }>(
      `select data_type from information_schema.columns
       where table_schema = 'raw' and table_name = 'fec_lines' and column_name = 'row_hash'`,
    );
    expect(fecColumn?.data_type).toBe('UBIGINT');
    const first = await importCanonical(db, locateCanonicalExample());
    expect(first.unchanged).toBe(false);
    expect(await staleHashes(db)).toEqual(noneStale);
    expect((await importCanonical(db, locateCanonicalExample())).unchanged).toBe(true);
    db.close();
  });
});
