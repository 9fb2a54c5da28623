import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDuckDb, type Warehouse } from './db.js';
import { materializeKpiSnapshots } from './kpi/index.js';
import { loadLedger, openTestWarehouse } from './kpi/test-ledger.js';
import { insertApiToken } from './ops/api-tokens.queries.js';
import { createOpsDb } from './ops/database.js';
import { insertUser } from './ops/users.queries.js';
import { publishAnalystSnapshot, readLatestSnapshot } from './publish-snapshot.js';

describe('analyst snapshot', () => {
  let dir: string;
  let db: Warehouse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'encours-snapshot-'));
    db = await openTestWarehouse(join(dir, 'warehouse.duckdb'));
    await loadLedger(db, {
      customers: [{ id: 'K1', terms: '30' }],
      documents: [['C1', 'I1', 'K1', 'invoice', '2025-01-10', '2025-02-09', '100.00']],
    });
    await materializeKpiSnapshots(db, ['2025-03-31']);
    const ops = createOpsDb(db);
    const user = await insertUser(ops, {
      email: 'ada@example.com',
      name: 'Ada',
      role: 'admin',
      password_hash: 'scrypt$secret',
    });
    await insertApiToken(ops, user.id, 'a'.repeat(64));
    await ops.destroy();
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies the ledger, marts and macros but never the operational tables, and points `latest` at it', async () => {
    const snapshots = join(dir, 'snapshots');
    const published = await publishAnalystSnapshot(db, snapshots, '2025-03-31');
    expect(published.file).toBe(join(snapshots, 'warehouse-2025-03-31.duckdb'));
    expect(readLatestSnapshot(snapshots)).toBe(published.file);
    expect(readFileSync(join(snapshots, 'latest'), 'utf8')).toBe('warehouse-2025-03-31.duckdb\n');
    expect(existsSync(join(published.parquetDir, 'core.documents.parquet'))).toBe(true);
    expect(existsSync(join(published.parquetDir, 'marts.kpi_daily.parquet'))).toBe(true);
    const copy = await openDuckDb(published.file, { readOnly: true });
    try {
      const schemas = await copy.all<{ schema_name: string }>(
        `select schema_name from duckdb_schemas() where database_name = current_database() and not internal order by 1`,
      );
      expect(schemas.map((s) => s.schema_name)).not.toContain('ops');
      expect(await copy.all(`select document_id, amount::varchar as amount from core.documents`)).toEqual([
        { document_id: 'I1', amount: '100.00' },
      ]);
      const [kpi] = await copy.all<{ net_ar: string }>(
        `select net_ar::varchar as net_ar from marts.kpis(['2025-03-31'::date]) where company_id = '*'`,
      );
      expect(kpi?.net_ar).toBe('100.00');
    } finally {
      copy.close();
    }
  });

  it('keeps the most recently published snapshots', async () => {
    const snapshots = join(dir, 'pruned');
    for (const day of ['2025-03-28', '2025-03-29', '2025-03-30', '2025-03-31'])
      await publishAnalystSnapshot(db, snapshots, day, 2);
    expect(
      readdirSync(snapshots)
        .filter((f) => f.endsWith('.duckdb'))
        .sort(),
    ).toEqual(['warehouse-2025-03-30.duckdb', 'warehouse-2025-03-31.duckdb']);
    // a back-dated run is the latest publication: it stays, even though older dates exist
    await publishAnalystSnapshot(db, snapshots, '2025-01-01', 2);
    expect(readLatestSnapshot(snapshots)).toBe(join(snapshots, 'warehouse-2025-01-01.duckdb'));
    expect(
      readdirSync(snapshots)
        .filter((f) => f.endsWith('.duckdb'))
        .sort(),
    ).toEqual(['warehouse-2025-01-01.duckdb', 'warehouse-2025-03-31.duckdb']);
  });
});
