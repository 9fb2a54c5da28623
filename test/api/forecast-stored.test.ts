// End to end: a trained model's scoring run stores the forecast, and GET /api/forecast serves it ("stored"), equal to
// what computing it on request gives; a new import makes it out of date ("computed" again).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createSecretToken, hashToken } from '../../api/auth/secrets.js';
import { createSilentLog } from '../../lib/log.js';
import { computeForecast } from '../../models/forecast.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { scoreOpenInvoices } from '../../models/scoring.js';
import { loadSyntheticLedger } from '../../models/testing/synthetic-ledger.js';
import { trainModel } from '../../models/train.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { createOpsDb, type OpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';

let home: string;
let db: Warehouse;
let ops: OpsDb;
let app: FastifyInstance;
const token = createSecretToken();
const modelsDir = () => join(home, 'models');

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'encours-forecast-stored-'));
  db = await openWarehouse({ warehousePath: join(home, 'warehouse.duckdb'), reportingCurrency: 'EUR' });
  await loadSyntheticLedger(db, { customers: 50, seed: 8, companies: ['C1', 'C2'] });
  await trainModel(db, { modelsDir: modelsDir(), asOf: '2025-06-30' });
  ops = createOpsDb(db);
  const user = await insertUser(ops, { email: 'ada@example.com', name: 'Ada', role: 'admin', password_hash: null });
  await insertApiToken(ops, user.id, hashToken(token));
  app = await buildApp({
    db,
    config: { home, reportingCurrency: 'EUR', modelsDir: modelsDir() },
    log: createSilentLog(),
    version: 'test',
    dashboardDir: join(home, 'no-dashboard'),
    access: { ops },
  });
}, 120_000);
afterAll(async () => {
  await app.close();
  await ops.destroy();
  db.close();
  rmSync(home, { recursive: true, force: true });
});

const forecast = async (query = '') => {
  const response = await app.inject({ url: `/api/forecast${query}`, headers: { authorization: `Bearer ${token}` } });
  expect(response.statusCode).toBe(200);
  return response.json() as { source: string; asOf: string; method: string } & Record<string, unknown>;
};

describe('the scoring run stored forecast', () => {
  it('is served as stored for the run date, equal to the forecast computed on request', async () => {
    expect((await forecast()).source).toBe('computed');
    const scored = await scoreOpenInvoices(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    const { source, ...stored } = await forecast();
    expect(source).toBe('stored');
    expect(stored.asOf).toBe(scored.asOf);
    expect(stored.method).toBe('model');
    const computed = await computeForecast(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    expect(stored).toEqual(JSON.parse(JSON.stringify(computed)));
    const { source: companySource, ...c2 } = await forecast('?company=C2');
    expect(companySource).toBe('stored');
    const computedC2 = await computeForecast(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR', companyId: 'C2' });
    expect(c2).toEqual(JSON.parse(JSON.stringify(computedC2)));
    // another date than the run's is computed
    expect((await forecast('?asOf=2025-05-31')).source).toBe('computed');
  }, 120_000);

  it('is out of date once a load came after the run', async () => {
    const { asOf } = await forecast();
    const [{ customer } = { customer: '' }] = await db.all<{ customer: string }>(
      `select customer_id as customer from core.customers order by 1 limit 1`,
    );
    const dir = join(home, 'late');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'invoices.csv'),
      `document_id,customer_id,issue_date,amount,currency,company_id\nLATE-1,${customer},${asOf},100.00,EUR,C1\n`,
    );
    expect((await importCanonical(db, dir, { log: createSilentLog() })).unchanged).toBe(false);
    const after = await forecast(`?asOf=${asOf}`);
    expect(after.source).toBe('computed');
  }, 120_000);
});
