// Migration 902: the id columns of the canonical raw tables are stored uncompressed (writing a load to raw was mostly
// DuckDB's FSST encoding of them). Checked on database files: an in-memory database never compresses.
import { cpSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from '../../warehouse/db.js';
import { migrateWarehouse } from '../../warehouse/migrate.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';

const MIGRATIONS = join(import.meta.dirname, '..', '..', 'warehouse', 'migrations');
const ID_COLUMNS: Record<string, string[]> = {
  canonical_documents: ['customer_id', 'document_id', 'reference'],
  canonical_payments: ['customer_id', 'payment_id'],
  canonical_allocations: ['document_id', 'source_id'],
};
const ROWS = 20_000;

/** Rows whose ids DuckDB would compress (long common prefixes, repeated customers). */
async function insertRows(db: Warehouse): Promise<void> {
  await db.run(`insert into raw.canonical_documents (load_id, source_file, source_line, company_id, document_id,
      customer_id, type, issue_date, amount, reference, row_hash)
    select 1, 'invoices.csv', i + 2, 'C1', 'C1-INV-' || lpad(i::varchar, 8, '0'), 'CU' || lpad((i % 300)::varchar, 6, '0'),
           'invoice', date '2025-01-01' + (i % 365)::integer, 100.00, 'REF-2025-' || lpad(i::varchar, 8, '0'), hash(i)
    from range(${ROWS}) t(i)`);
  await db.run(`insert into raw.canonical_payments (load_id, source_file, source_line, company_id, payment_id,
      customer_id, date, amount, row_hash)
    select 1, 'payments.csv', i + 2, 'C1', 'C1-PAY-' || lpad(i::varchar, 8, '0'), 'CU' || lpad((i % 300)::varchar, 6, '0'),
           date '2025-02-01' + (i % 365)::integer, 100.00, hash(i)
    from range(${ROWS}) t(i)`);
  await db.run(`insert into raw.canonical_allocations (load_id, source_file, source_line, company_id, source_id,
      source_type, document_id, amount, date, row_hash)
    select 1, 'allocations.csv', i + 2, 'C1', 'C1-PAY-' || lpad(i::varchar, 8, '0'), 'payment',
           'C1-INV-' || lpad(i::varchar, 8, '0'), 100.00, date '2025-02-01' + (i % 365)::integer, hash(i)
    from range(${ROWS}) t(i)`);
}

/** Per raw table and id column, the compressions of its stored segments (after a checkpoint). */
async function idCompressions(db: Warehouse): Promise<Record<string, string[]>> {
  await db.run('checkpoint');
  const found: Record<string, string[]> = {};
  for (const [table, columns] of Object.entries(ID_COLUMNS)) {
    for (const column of columns) {
      const rows = await db.all<{ compression: string }>(
        `select distinct compression from pragma_storage_info('raw.${table}')
         where column_name = $1 and segment_type = 'VARCHAR' order by 1`,
        [column],
      );
      found[`${table}.${column}`] = rows.map((r) => r.compression);
    }
  }
  return found;
}

async function readRaw(db: Warehouse) {
  const out: Record<string, unknown> = {};
  for (const table of Object.keys(ID_COLUMNS)) {
    out[`${table} columns`] = await db.all(
      `select column_name, data_type, is_nullable from information_schema.columns
       where table_schema = 'raw' and table_name = '${table}' order by ordinal_position`,
    );
    out[table] = await db.all(`select * exclude (row_hash), row_hash::varchar as row_hash from raw.${table}
                               order by source_line`);
  }
  return out;
}

const allUncompressed = Object.fromEntries(
  Object.entries(ID_COLUMNS).flatMap(([t, cs]) => cs.map((c) => [`${t}.${c}`, ['Uncompressed']])),
);

describe('canonical raw storage', () => {
  it('stores the id columns uncompressed in a new warehouse', async () => {
    const db = await openDuckDb(join(mkdtempSync(join(tmpdir(), 'encours-raw-')), 'w.duckdb'));
    await prepareWarehouse(db, 'EUR');
    await insertRows(db);
    expect(await idCompressions(db)).toEqual(allUncompressed);
    db.close();
  });

  it('upgrades a warehouse from before migration 902: same rows, same columns in the same order, ids uncompressed', async () => {
    const older = mkdtempSync(join(tmpdir(), 'encours-migrations-'));
    for (const name of readdirSync(MIGRATIONS).filter((n) => n < '902'))
      cpSync(join(MIGRATIONS, name), join(older, name));
    const db = await openDuckDb(join(mkdtempSync(join(tmpdir(), 'encours-raw-')), 'w.duckdb'));
    await migrateWarehouse(db, older);
    await insertRows(db);
    const compressed = await idCompressions(db);
    // what DuckDB chose before: compressed ids (else this test would not show the migration's effect)
    expect(Object.values(compressed).every((c) => !c.includes('Uncompressed'))).toBe(true);
    const before = await readRaw(db);
    await prepareWarehouse(db, 'EUR');
    expect(await readRaw(db)).toEqual(before);
    expect(await idCompressions(db)).toEqual(allUncompressed);
    // the staging views over raw still read the tables under their names
    const [staged] = await db.all<{ n: number }>(
      'select count(*)::integer as n from staging.canonical_documents',
    );
    expect(staged?.n).toBe(ROWS);
    db.close();
  });
});
