import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDuckDb, type Warehouse } from '../../warehouse/db.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';

/** The worked example's canonical folder: test/fixtures in the repository, else the shared fixtures folder. */
export function locateCanonicalExample(): string {
  const root = resolve(import.meta.dirname, '..', '..');
  const candidates = [
    join(root, 'test', 'fixtures', 'worked-example'),
    join(root, '..', 'shared', 'fixtures', 'worked-example'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'canonical', 'invoices.csv')));
  if (!found) throw new Error(`worked example not found in ${candidates.join(' or ')}`);
  return join(found, 'canonical');
}

/** A fresh migrated warehouse in memory. */
export async function openTestWarehouse(): Promise<Warehouse> {
  const db = await openDuckDb(':memory:');
  await prepareWarehouse(db, 'EUR');
  return db;
}

/** Writes a folder of CSV files (name → content, string or raw bytes) under the OS temp dir. */
export function writeCanonicalFolder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), 'encours-canonical-'));
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const TABLES = [
  'raw.canonical_customers',
  'raw.canonical_documents',
  'raw.canonical_payments',
  'raw.canonical_allocations',
  'raw.fx_rates',
  'core.customers',
  'core.documents',
  'core.payments',
  'core.allocations',
];

/** Row counts of the canonical raw and core tables plus the meta.loads rows: equal snapshots = warehouse unchanged. */
export async function snapshotWarehouse(db: Warehouse): Promise<Record<string, unknown>> {
  const counts: Record<string, unknown> = {};
  for (const table of TABLES) {
    const [row] = await db.all<{ n: string }>(`select count(*) as n from ${table}`);
    counts[table] = row?.n;
  }
  counts['meta.loads'] = await db.all(
    'select load_id, format, status, files::varchar as files from meta.loads order by load_id',
  );
  counts['core.documents amounts'] = await db.all(
    'select company_id, document_id, amount::varchar as amount from core.documents order by all',
  );
  return counts;
}

/** Every row of each table, in a stable order: equal results = equal table contents. */
export async function readTables(
  db: Warehouse,
  tables: readonly string[],
): Promise<Record<string, unknown[]>> {
  const rows: Record<string, unknown[]> = {};
  for (const table of tables) rows[table] = await db.all(`select * from ${table} order by all`);
  return rows;
}
