// End to end: after the scoring run, GET /api/risk serves the stored scores ("stored"), equal to the list computed on
// request, for the group, a company and a portfolio user; a manual class set afterwards, or a new load, makes it
// computed again until the next run.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../../lib/log.js';
import { computeRisk, setRiskOverride } from '../../models/risk-report.js';
import { scoreOpenInvoices } from '../../models/scoring.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import {
  insertPortfolio,
  replacePortfolioCustomers,
  replaceUserScopes,
} from '../../warehouse/ops/access.queries.js';
import { limitedScope } from '../../warehouse/scope/access-scope.js';
import { withScopedWarehouse } from '../../warehouse/scope/scoped-session.js';
import { startModelApi, type ModelApi } from './model-harness.js';

let api: ModelApi;
let db: ModelApi['db'];
let home: string;
let app: ModelApi['app'];
let portfolio: string[];
const tokens = { admin: '', sales: '', cora: '' };
const modelsDir = () => api.modelsDir;

beforeAll(async () => {
  api = await startModelApi('risk-stored', { admin: 'admin', sales: 'user', cora: 'viewer' });
  ({ db, home, app } = api);
  for (const who of ['admin', 'sales', 'cora'] as const) tokens[who] = api.users[who]!.token;
  const customers = await db.all<{ id: string }>('select customer_id as id from core.customers order by 1');
  portfolio = customers.filter((_, i) => i % 4 === 0).map((c) => c.id);
  const north = await insertPortfolio(api.ops, 'North');
  await replacePortfolioCustomers(api.ops, north.id, portfolio);
  await replaceUserScopes(api.ops, api.users.sales!.id, [
    { portfolioId: north.id, companyId: null, agency: null },
  ]);
  await replaceUserScopes(api.ops, api.users.cora!.id, [
    { portfolioId: null, companyId: 'C2', agency: null },
  ]);
}, 180_000);
afterAll(() => api.close());

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
