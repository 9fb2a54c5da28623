import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { computeKpis } from '../kpi/index.js';
import { openTestWarehouse } from '../kpi/test-ledger.js';
import { insertPortfolio, replacePortfolioCustomers, replaceUserScopes } from '../ops/access.queries.js';
import { insertPromise } from '../ops/commitments.queries.js';
import { createOpsDb, type OpsDb } from '../ops/database.js';
import { insertUser } from '../ops/users.queries.js';
import type { User } from '../ops/users.table.js';
import { buildDigest } from './digest.js';
import { AS_OF, buildFixtureLedger, cutLedger, loadFixture } from './test-fixture.js';

let db: Warehouse;
let north: Warehouse;
let ops: OpsDb;
let sam: User;
let ada: User;

beforeAll(async () => {
  db = await openTestWarehouse();
  await loadFixture(db);
  north = await openTestWarehouse();
  await loadFixture(
    north,
    cutLedger(buildFixtureLedger(), (k) => k === 'K1' || k === 'K2'),
  );
  ops = createOpsDb(db);
  sam = await insertUser(ops, { email: 'sam@example.com', name: 'Sam', role: 'user', password_hash: null });
  ada = await insertUser(ops, { email: 'ada@example.com', name: 'Ada', role: 'admin', password_hash: null });
  const portfolio = await insertPortfolio(ops, 'North');
  await replacePortfolioCustomers(ops, portfolio.id, ['K1', 'K2']);
  await replaceUserScopes(ops, sam.id, [{ portfolioId: portfolio.id, companyId: null, agency: null }]);
  await insertPromise(ops, {
    company_id: 'C1',
    customer_id: 'K2',
    document_ids: [],
    amount: '500.00',
    promised_date: '2025-07-03',
    created_by: 'system',
  });
  await insertPromise(ops, {
    company_id: 'C1',
    customer_id: 'K3',
    document_ids: [],
    amount: '900.00',
    promised_date: '2025-07-02',
    created_by: 'system',
  });
  await insertPromise(ops, {
    company_id: 'C1',
    customer_id: 'K1',
    document_ids: [],
    amount: '100.00',
    promised_date: '2025-08-30',
    created_by: 'system',
  });
});
afterAll(async () => {
  await ops.destroy();
  db.close();
  north.close();
});

describe('buildDigest', () => {
  it("covers the user's own scope: KPIs, DSO change, promises due, largest overdue", async () => {
    const digest = await buildDigest(db, sam, { ops, asOf: AS_OF });
    const expected = await computeKpis(north, { asOf: AS_OF });
    const weekBefore = await computeKpis(north, { asOf: '2025-06-23' });
    expect(digest.to).toBe('sam@example.com');
    expect(digest.subject).toBe(`encours: receivables as of ${AS_OF}`);
    expect(digest.data).toMatchObject({
      asOf: AS_OF,
      currency: 'EUR',
      net_ar: expected.aging.net_ar,
      dso: expected.dso.simple,
    });
    expect(digest.data.dso_change).toBeCloseTo(expected.dso.simple! - weekBefore.dso.simple!, 2);
    expect(digest.data.promises_due).toEqual([
      { customer_id: 'K2', name: 'Beta Logistique', amount: '500.00', promised_date: '2025-07-03' },
    ]);
    expect(digest.data.top_overdue.every((c) => ['K1', 'K2'].includes(c.customer_id))).toBe(true);
    expect(digest.text).toContain('Hello Sam,');
    expect(digest.text).toContain('Beta Logistique (K2)  500.00 EUR');
    expect(digest.text).not.toContain('Gamma');
  });

  it('an admin sees the whole group', async () => {
    const digest = await buildDigest(db, ada, { ops, asOf: AS_OF });
    expect(digest.data.net_ar).toBe((await computeKpis(db, { asOf: AS_OF })).aging.net_ar);
    expect(digest.data.promises_due.map((p) => p.customer_id)).toEqual(['K3', 'K2']);
  });

  it('opens and closes its own ops connection when none is given', async () => {
    await expect(buildDigest(db, ada)).resolves.toMatchObject({ to: 'ada@example.com' });
  });
});
