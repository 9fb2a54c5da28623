import { describe, it, expect } from 'vitest';
import { openDuckDb } from './db.js';
import { prepareWarehouse } from './warehouse.js';

describe('warehouse', () => {
  it('migrates, builds the core layer and computes due dates from terms', async () => {
    const db = await openDuckDb(':memory:');
    await prepareWarehouse(db, 'EUR');
    const tables = await db.all<{ table_name: string }>(
      `select table_name from duckdb_tables() where schema_name = 'core' order by 1`,
    );
    expect(tables.map((t) => t.table_name)).toEqual([
      'allocations',
      'companies',
      'customers',
      'documents',
      'fx_rates',
      'payments',
    ]);
    const [due] = await db.all<Record<string, string>>(
      `select main.add_terms(date '2025-01-15', '30') as net30, main.add_terms(date '2025-01-15', '45FM') as fm45,
              main.add_terms(date '2025-02-10', '60 fm') as fm60`,
    );
    expect(due).toEqual({ net30: '2025-02-14', fm45: '2025-03-17', fm60: '2025-04-29' });
    db.close();
  });

  it('rolls back a failed transaction', async () => {
    const db = await openDuckDb(':memory:');
    await db.run('create table t (x integer)');
    await expect(
      db.transaction(async (tx) => {
        await tx.run('insert into t values (1)');
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await db.all('select * from t')).toEqual([]);
    db.close();
  });
});
