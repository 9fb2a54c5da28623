// End to end: after the scoring run, GET /api/risk serves the stored scores ("stored"), equal to the list computed on
// request, for the group, a company and a portfolio user; a manual class set afterwards, or a new load, makes it
// computed again until the next run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../api/app.js';
import { createSecretToken, hashToken } from '../../api/auth/secrets.js';
import { createSilentLog } from '../../lib/log.js';
import { computeRisk, setRiskOverride } from '../../models/risk-report.js';
import { scoreOpenInvoices } from '../../models/scoring.js';
import { loadSyntheticLedger } from '../../models/testing/synthetic-ledger.js';
import { trainModel } from '../../models/train.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import {
  insertPortfolio,
  replacePortfolioCustomers,
  replaceUserScopes,
} from '../../warehouse/ops/access.queries.js';
import { insertApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import { createOpsDb, type OpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import { withScopedWarehouse } from '../../warehouse/scope/scoped-session.js';
import { limitedScope } from '../../warehouse/scope/access-scope.js';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.js';

let home: string;
let db: Warehouse;
let ops: OpsDb;
let app: FastifyInstance;
let portfolio: string[];
const tokens = { admin: createSecretToken(), sales: createSecretToken(), cora: createSecretToken() };
const modelsDir = () => join(home, 'models');

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'encours-risk-stored-'));
  db = await openWarehouse({ warehousePath: join(home, 'warehouse.duckdb'), reportingCurrency: 'EUR' });
  await loadSyntheticLedger(db, { customers: 50, seed: 8, companies: ['C1', 'C2'] });
  await trainModel(db, { modelsDir: modelsDir(), asOf: '2025-06-30' });
  ops = createOpsDb(db);
  const admin = await insertUser(ops, {
    email: 'ada@example.com',
    name: 'Ada',
    role: 'admin',
    password_hash: null,
  });
  const sales = await insertUser(ops, {
    email: 'sam@example.com',
    name: 'Sam',
    role: 'user',
    password_hash: null,
  });
  const cora = await insertUser(ops, {
    email: 'cora@example.com',
    name: 'Cora',
    role: 'viewer',
    password_hash: null,
  });
  await insertApiToken(ops, admin.id, hashToken(tokens.admin));
  await insertApiToken(ops, sales.id, hashToken(tokens.sales));
  await insertApiToken(ops, cora.id, hashToken(tokens.cora));
  const customers = await db.all<{ id: string }>('select customer_id as id from core.customers order by 1');
  portfolio = customers.filter((_, i) => i % 4 === 0).map((c) => c.id);
  const north = await insertPortfolio(ops, 'North');
  await replacePortfolioCustomers(ops, north.id, portfolio);
  await replaceUserScopes(ops, sales.id, [{ portfolioId: north.id, companyId: null, agency: null }]);
  await replaceUserScopes(ops, cora.id, [{ portfolioId: null, companyId: 'C2', agency: null }]);
  app = await buildApp({
    db,
    config: { home, reportingCurrency: 'EUR', modelsDir: modelsDir() },
    log: createSilentLog(),
    version: 'test',
    dashboardDir: join(home, 'no-dashboard'),
    access: { ops },
  });
}, 180_000);
afterAll(async () => {
  await app.close();
  await ops.destroy();
  db.close();
  rmSync(home, { recursive: true, force: true });
});

type Risk = {
  source: string;
  asOf: string;
  model_version: string;
  customers: Array<Record<string, unknown>>;
};
const risk = async (who: keyof typeof tokens, query = '') => {
  const response = await app.inject({
    url: `/api/risk${query}`,
    headers: { authorization: `Bearer ${tokens[who]}` },
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as Risk;
};
const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;

describe('the stored risk list', () => {
  it('is served as stored after the scoring run, equal to the list computed on request', async () => {
    expect((await risk('admin')).source).toBe('computed');
    const scored = await scoreOpenInvoices(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    const { source, ...stored } = await risk('admin');
    expect(source).toBe('stored');
    expect(stored.asOf).toBe(scored.asOf);
    expect(stored.customers.length).toBeGreaterThan(10);
    expect(stored).toEqual(plain(await computeRisk(db, { modelsDir: modelsDir() })));
    const { source: c2Source, ...c2 } = await risk('admin', '?company=C2');
    expect(c2Source).toBe('stored');
    expect(c2).toEqual(plain(await computeRisk(db, { modelsDir: modelsDir(), companyId: 'C2' })));
  }, 120_000);

  it('a portfolio user gets the stored rows of their customers; a company-limited one a computed list', async () => {
    const { source, ...mine } = await risk('sales');
    expect(source).toBe('stored');
    const computed = await withScopedWarehouse(
      db,
      limitedScope([{ customers: portfolio, companyId: null, agency: null }]),
      (scoped) => computeRisk(scoped, { modelsDir: modelsDir(), asOf: mine.asOf }),
    );
    expect(mine.customers.length).toBeGreaterThan(0);
    expect(mine).toEqual(plain(computed));
    expect(mine.customers.every((c) => portfolio.includes(String(c.customer_id)))).toBe(true);
    expect((await risk('cora')).source).toBe('computed');
  }, 120_000);

  it('a manual class set after the run, then a new load, make it computed again', async () => {
    const before = await risk('admin');
    const target = String(before.customers.at(-1)!.customer_id);
    // in force at the run's date (the API's override starts today, after this ledger's dates)
    await setRiskOverride(db, {
      customerId: target,
      riskClass: 'E',
      reason: 'insolvency proceedings',
      effectiveDate: before.asOf,
    });
    const overridden = await risk('admin', `?asOf=${before.asOf}`);
    expect(overridden.source).toBe('computed');
    expect(overridden.customers.find((c) => c.customer_id === target)?.risk_class).toBe('E');
    // the next scoring run takes the override in: stored again
    await scoreOpenInvoices(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    const rescored = await risk('admin');
    expect(rescored.source).toBe('stored');
    expect(rescored.customers.find((c) => c.customer_id === target)?.reasons).toContain(
      'manual override: insolvency proceedings',
    );

    const dir = join(home, 'late');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'invoices.csv'),
      `document_id,customer_id,issue_date,amount,currency,company_id\nLATE-1,${target},${rescored.asOf},100.00,EUR,C1\n`,
    );
    expect((await importCanonical(db, dir, { log: createSilentLog() })).unchanged).toBe(false);
    expect((await risk('admin', `?asOf=${rescored.asOf}`)).source).toBe('computed');
  }, 180_000);
});
