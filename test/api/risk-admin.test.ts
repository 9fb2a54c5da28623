import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDataGeneration } from '../../warehouse/data-generation.js';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const score = (asOf: string, customer: string, cls: string, open: string) =>
  api.db.run(
    `insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class, overridden, profile,
       open_amount) values ($1::date, '*', $2, $3, $3, false, 'on_time', $4::decimal(18,2))`,
    [asOf, customer, cls, open],
  );

describe('GET /api/risk/migration', () => {
  it('is empty before any scoring', async () => {
    const res = await api.as('viewer', { method: 'GET', url: '/api/risk/migration' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ from: null, to: null, cells: [], upgraded: 0, downgraded: 0, unchanged: 0 });
  });

  it('counts the moves between the two latest scoring dates by default, and between the dates asked', async () => {
    await score('2025-04-30', 'K1', 'A', '10.00');
    await score('2025-04-30', 'K2', 'B', '20.00');
    await score('2025-04-30', 'K3', 'C', '30.00');
    await score('2025-05-31', 'K1', 'B', '100.00');
    await score('2025-05-31', 'K2', 'B', '200.00');
    await score('2025-05-31', 'K3', 'C', '300.00');
    await score('2025-06-30', 'K1', 'C', '1000.00');
    await score('2025-06-30', 'K2', 'A', '2000.00');
    await score('2025-06-30', 'K3', 'C', '3000.00');
    // a company's row is not the group's: ignored
    await api.db
      .run(`insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class,
      overridden, profile, open_amount) values ('2025-06-30', 'C1', 'K1', 'E', 'E', false, 'late', 5)`);

    const latest = (await api.as('viewer', { method: 'GET', url: '/api/risk/migration' })).json();
    expect(latest).toEqual({
      from: '2025-05-31',
      to: '2025-06-30',
      cells: [
        { from_class: 'B', to_class: 'A', customers: 1, exposure: 2000 },
        { from_class: 'B', to_class: 'C', customers: 1, exposure: 1000 },
        { from_class: 'C', to_class: 'C', customers: 1, exposure: 3000 },
      ],
      upgraded: 1,
      downgraded: 1,
      unchanged: 1,
    });

    const asked = (
      await api.as('viewer', { method: 'GET', url: '/api/risk/migration?from=2025-05-15&to=2025-06-01' })
    ).json();
    expect(asked).toMatchObject({
      from: '2025-04-30',
      to: '2025-05-31',
      upgraded: 0,
      downgraded: 1,
      unchanged: 2,
    });
    expect(asked.cells).toContainEqual({ from_class: 'A', to_class: 'B', customers: 1, exposure: 100 });
  });

  it("honours the caller's scope", async () => {
    // sam sees K1 and K2 only
    const res = (await api.as('sam', { method: 'GET', url: '/api/risk/migration' })).json();
    expect(
      res.cells.map((c: { customers: number }) => c.customers).reduce((a: number, b: number) => a + b, 0),
    ).toBe(2);
    expect(res).toMatchObject({ upgraded: 1, downgraded: 1, unchanged: 0 });
  });

  it('refuses from after to', async () => {
    const res = await api.as('viewer', {
      method: 'GET',
      url: '/api/risk/migration?from=2025-06-30&to=2025-01-01',
    });
    expect(res.statusCode).toBe(400);
  });
});

describe('PUT /api/customers/:id/risk-class', () => {
  it('records the override, audits it and starts a new data generation', async () => {
    const generation = readDataGeneration(api.db);
    const res = await api.as('user', {
      method: 'PUT',
      url: '/api/customers/K3/risk-class',
      payload: { riskClass: 'E', reason: 'insolvency proceedings' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      customer_id: 'K3',
      risk_class: 'E',
      reason: 'insolvency proceedings',
    });
    expect(readDataGeneration(api.db)).toBeGreaterThan(generation);
    const rows = await api.db.all<{ risk_class: string | null; reason: string }>(
      `select risk_class, reason from ops.risk_overrides where customer_id = 'K3'`,
    );
    expect(rows).toEqual([{ risk_class: 'E', reason: 'insolvency proceedings' }]);
    const [audit] = await listAudit(api.ops, { limit: 1 });
    expect(audit).toMatchObject({
      actor: `user:${api.ids.user}`,
      action: 'risk_class',
      entity: 'customer',
      entity_id: 'K3',
      before: { risk_class: 'C' },
      after: { risk_class: 'E', reason: 'insolvency proceedings' },
    });
  });

  it('clears the override without a reason', async () => {
    const res = await api.as('user', {
      method: 'PUT',
      url: '/api/customers/K3/risk-class',
      payload: { riskClass: null },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ risk_class: null });
  });

  it('needs a reason, a valid class, write access and a customer in scope', async () => {
    const put = (person: Parameters<TestApi['as']>[0], id: string, payload: object) =>
      api.as(person, { method: 'PUT', url: `/api/customers/${id}/risk-class`, payload });
    expect((await put('user', 'K3', { riskClass: 'D' })).statusCode).toBe(400);
    expect((await put('user', 'K3', { riskClass: 'D', reason: '  ' })).statusCode).toBe(400);
    expect((await put('user', 'K3', { riskClass: 'F', reason: 'x' })).statusCode).toBe(400);
    expect((await put('viewer', 'K3', { riskClass: 'D', reason: 'x' })).statusCode).toBe(403);
    expect((await put('sam', 'K3', { riskClass: 'D', reason: 'x' })).statusCode).toBe(404);
    expect((await put('user', 'NOPE', { riskClass: 'D', reason: 'x' })).statusCode).toBe(404);
    expect((await put('sam', 'K1', { riskClass: 'D', reason: 'x' })).statusCode).toBe(200);
  });
});
