// The API's result cache (api/routes/support/result-cache.ts): figures never outlive the data they came from, and a
// scope never reads another scope's entries.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { computeKpis } from '../../warehouse/kpi/index.js';
import { loadAccessScope } from '../../warehouse/scope/access-scope.js';
import { withScopedWarehouse } from '../../warehouse/scope/scoped-session.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
let dir: string;

beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
  dir = mkdtempSync(join(tmpdir(), 'encours-cache-'));
});
afterAll(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const kpi = async (person: Parameters<TestApi['as']>[0]) => {
  const response = await api.as(person, { method: 'GET', url: `/api/kpi?asOf=${AS_OF}` });
  expect(response.statusCode).toBe(200);
  return response.json() as { aging: { net_ar: number; not_due: number } };
};

describe('result cache', () => {
  it('serves a repeated request from the cache, and a new import immediately changes /api/kpi', async () => {
    const before = await kpi('admin');
    // a write that bypasses the writers' generation bump (the daily balances emptied): the cache still answers with
    // what it kept ...
    await api.db.run(
      `create or replace table marts.ar_daily as select * from marts.ar_daily where date < '2000-01-01'`,
    );
    expect(await kpi('admin')).toEqual(before);
    // ... which the real writers never let happen: an import bumps the generation once it has committed
    writeFileSync(
      join(dir, 'invoices.csv'),
      `document_id,customer_id,issue_date,due_date,amount,currency,company_id\nNEW-1,K1,2025-06-01,2025-07-31,1234.56,EUR,C1\n`,
    );
    const report = await importCanonical(api.db, dir, { log: createSilentLog() });
    expect(report.unchanged).toBe(false);
    const after = await kpi('admin');
    expect(after.aging.net_ar).toBeCloseTo(before.aging.net_ar + 1234.56, 2);
    expect(after.aging.not_due).toBeCloseTo(before.aging.not_due + 1234.56, 2);
  });

  it('never shares an entry between two scopes asking the same thing', async () => {
    const admin = await kpi('admin');
    const sam = await kpi('sam');
    const cora = await kpi('cora');
    expect(sam.aging.net_ar).not.toBe(admin.aging.net_ar);
    expect(cora.aging.net_ar).not.toBe(sam.aging.net_ar);
    // and each is what the scope's own warehouse computes
    const scope = await loadAccessScope(api.ops, { id: api.ids.sam, role: 'user' });
    const direct = await withScopedWarehouse(api.db, scope, (db) => computeKpis(db, { asOf: AS_OF }));
    expect(sam).toEqual(JSON.parse(JSON.stringify(direct)));
    // asked again in the other order, the answers stay apart
    expect(await kpi('sam')).toEqual(sam);
    expect(await kpi('admin')).toEqual(admin);
  });

  it('keys the customer list by scope and query', async () => {
    const list = async (person: 'admin' | 'sam', query: string) =>
      (await api.as(person, { method: 'GET', url: `/api/customers?asOf=${AS_OF}&${query}` })).json() as {
        items: { customer_id: string }[];
        total: number;
      };
    const all = await list('admin', 'sort=-overdue');
    const mine = await list('sam', 'sort=-overdue');
    expect(all.total).toBeGreaterThan(mine.total);
    expect(mine.items.map((c) => c.customer_id).sort()).toEqual(['K1', 'K2']);
    expect((await list('admin', 'sort=-overdue&limit=1')).items).toHaveLength(1);
    expect((await list('admin', 'sort=-overdue')).total).toBe(all.total);
  });
});
