import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import { computeAging, computeKpis, materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import { buildFixtureLedger, CUSTOMERS } from '../../warehouse/scope/test-fixture.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

// The overview's view filters (agency, portfolio) narrow a caller's scope; /api/filters lists the choices and
// /api/alerts the alert panel. Fixture: portfolio North = K1, K2 (sam's grant); agency South = K3, K4 (lou's grant).
let api: TestApi;
let north: number;

beforeAll(async () => {
  api = await startTestApi();
  const portfolio = await api.ops
    .selectFrom('ops.portfolios')
    .selectAll()
    .where('name', '=', 'North')
    .executeTakeFirstOrThrow();
  north = portfolio.id;
});
afterAll(async () => {
  await api.close();
});

const get = (person: Parameters<TestApi['as']>[0], url: string) => api.as(person, { method: 'GET', url });
const json = async (person: Parameters<TestApi['as']>[0], url: string) => {
  const response = await get(person, url);
  expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
  return response.json();
};

describe('agency and portfolio filters', () => {
  it('a filtered admin sees the figures of the user whose grant is that filter', async () => {
    const byPortfolio = await json('admin', `/api/kpi?asOf=${AS_OF}&portfolio=${north}`);
    expect(byPortfolio).toEqual(await json('sam', `/api/kpi?asOf=${AS_OF}`));
    const byAgency = await json('admin', `/api/kpi?asOf=${AS_OF}&agency=South`);
    expect(byAgency).toEqual(await json('lou', `/api/kpi?asOf=${AS_OF}`));
    // and they differ from the whole group's (the result cache keys on the narrowed scope)
    const group = await json('admin', `/api/kpi?asOf=${AS_OF}`);
    expect(group.aging.net_ar).not.toBe(byPortfolio.aging.net_ar);
    expect(group.aging.net_ar).toBeCloseTo((await computeKpis(api.db, { asOf: AS_OF })).aging.net_ar, 2);
  });

  it('aging, trend, forecast and risk follow the same filter', async () => {
    const aging = await json('admin', `/api/aging?asOf=${AS_OF}&agency=South`);
    expect(aging.rows.map((r: { key: string }) => r.key)).toEqual(['K3', 'K4']);
    expect(aging).toEqual(await json('lou', `/api/aging?asOf=${AS_OF}`));
    const trend = await json('admin', `/api/kpi/trend?from=2025-01-01&to=${AS_OF}&portfolio=${north}`);
    expect(trend).toEqual(await json('sam', `/api/kpi/trend?from=2025-01-01&to=${AS_OF}`));
    const forecast = await json('admin', `/api/forecast?asOf=${AS_OF}&agency=South`);
    const lous = await json('lou', `/api/forecast?asOf=${AS_OF}`);
    expect(forecast.consolidated).toEqual(lous.consolidated);
    expect(forecast.source).toBe('computed');
    // no model trained in this fixture: both answer the same "no model" error, after scope and filter
    const risk = await get('admin', `/api/risk?agency=South`);
    expect(risk.statusCode).toBe((await get('lou', '/api/risk')).statusCode);
  });

  it('a filtered trend is kept between requests, and a new snapshot date shows up at once', async () => {
    const url = `/api/kpi/trend?from=2025-01-01&to=2025-12-31&agency=South`;
    const before = await json('admin', url);
    expect(await json('admin', url)).toEqual(before);
    expect(before.points.map((p: { asOf: string }) => p.asOf)).not.toContain('2025-06-15');
    await materializeKpiSnapshots(api.db, ['2025-06-15']);
    const after = await json('admin', url);
    expect(after.points.map((p: { asOf: string }) => p.asOf)).toContain('2025-06-15');
    expect(after).toEqual(await json('lou', '/api/kpi/trend?from=2025-01-01&to=2025-12-31'));
  });

  it('the customer list and its exports follow the filter', async () => {
    const list = await json('admin', `/api/customers?portfolio=${north}&sort=-overdue`);
    expect(list.items.map((c: { customer_id: string }) => c.customer_id).sort()).toEqual(['K1', 'K2']);
    expect(list).toEqual(await json('sam', '/api/customers?sort=-overdue'));
    const csv = await api.as('admin', {
      method: 'GET',
      url: '/api/customers?agency=South',
      headers: { accept: 'text/csv' },
    });
    expect(csv.statusCode).toBe(200);
    expect(
      csv.body
        .split('\n')
        .filter((l) => /^K\d/.test(l))
        .map((l) => l.split(',')[0]),
    ).toEqual(['K3', 'K4']);
  });

  it('a filter never widens a scope: it intersects the caller’s grants', async () => {
    // sam sees North only; North ∩ agency South is nobody
    const none = await json('sam', `/api/kpi?asOf=${AS_OF}&agency=South`);
    expect(none.aging.net_ar).toBe(0);
    expect((await json('sam', `/api/aging?asOf=${AS_OF}&agency=South`)).rows).toEqual([]);
    // lou (agency South) filtering on portfolio North: still nobody
    expect((await json('lou', `/api/kpi?asOf=${AS_OF}&portfolio=${north}`)).aging.net_ar).toBe(0);
    // sam filtering on his own agency: his whole portfolio, as without the filter
    expect(await json('sam', `/api/kpi?asOf=${AS_OF}&agency=North`)).toEqual(
      await json('sam', `/api/kpi?asOf=${AS_OF}`),
    );
    // cora (company C2) filtering on agency North: K1's C2 facts only
    const aging = await json('cora', `/api/aging?asOf=${AS_OF}&agency=North`);
    expect(aging.rows.map((r: { key: string }) => r.key)).toEqual(['K1']);
    const k1InC2 = await computeAging(api.db, { asOf: AS_OF, companyId: 'C2' });
    expect(aging.totals.net_ar).toBeCloseTo(k1InC2.rows.find((r) => r.key === 'K1')!.net_ar, 2);
  });

  it('an unknown portfolio is a 404 naming it; malformed filters are 400 naming the field', async () => {
    const missing = await get('admin', '/api/kpi?portfolio=9999');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().message).toContain('portfolio 9999');
    const bad = await get('admin', '/api/kpi?portfolio=north');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('portfolio');
    expect((await get('admin', '/api/kpi?agency=')).statusCode).toBe(400);
    // routes that do not take the filters refuse them rather than ignore them
    expect((await get('admin', '/api/worklist?agency=South')).statusCode).toBe(400);
  });

  it('/api/filters lists companies, agencies and portfolios within the caller’s scope', async () => {
    const admin = await json('admin', '/api/filters');
    expect(admin.companies.map((c: { id: string }) => c.id)).toEqual(['C1', 'C2']);
    expect(admin.agencies).toEqual(['North', 'South', 'West']);
    expect(admin.portfolios).toEqual([{ id: north, name: 'North' }]);
    const sam = await json('sam', '/api/filters');
    expect(sam.agencies).toEqual(['North']);
    expect(sam.portfolios).toEqual([{ id: north, name: 'North' }]);
    const lou = await json('lou', '/api/filters');
    expect(lou.agencies).toEqual(['South']);
    expect(lou.portfolios).toEqual([]);
    expect(lou.companies.map((c: { id: string }) => c.id)).toEqual(['C1', 'C2']);
    expect((await json('cora', '/api/filters')).companies.map((c: { id: string }) => c.id)).toEqual(['C2']);
  });
});

describe('alerts', () => {
  beforeAll(async () => {
    // two scoring dates: K1 A → C and K3 B → D got worse, K4 C → B got better, K2 stayed B
    const scores: Array<[string, string, string, string]> = [
      ['2025-05-31', 'K1', 'A', '100.00'],
      ['2025-05-31', 'K2', 'B', '200.00'],
      ['2025-05-31', 'K3', 'B', '300.00'],
      ['2025-05-31', 'K4', 'C', '400.00'],
      ['2025-06-30', 'K1', 'C', '1500.00'],
      ['2025-06-30', 'K2', 'B', '2500.00'],
      ['2025-06-30', 'K3', 'D', '3500.00'],
      ['2025-06-30', 'K4', 'B', '4500.00'],
    ];
    for (const [asOf, customer, riskClass, open] of scores) {
      await api.db.run(
        `insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class, overridden, profile, open_amount)
         values ($1::date, '*', $2, $3, $3, false, 'late', $4::decimal(18,2))`,
        [asOf, customer, riskClass, open],
      );
    }
    // promises: K2's left open past its date, K3's closed as broken, K1's cancelled, K5's too old to be news
    const promise = (
      customer: string,
      company: string,
      amount: string,
      date: string,
      status: string,
      created: string,
    ) =>
      api.ops
        .insertInto('ops.promises')
        .values({
          company_id: company,
          customer_id: customer,
          document_ids: [],
          amount,
          promised_date: date,
          status: status as 'open',
          created_by: 'user:1',
          created_at: new Date(`${created}T10:00:00Z`),
        })
        .execute();
    await promise('K2', 'C1', '90000.00', '2025-06-12', 'open', '2025-05-20');
    await promise('K3', 'C2', '700.00', '2025-06-20', 'broken', '2025-06-02');
    await promise('K1', 'C1', '800.00', '2025-06-12', 'cancelled', '2025-06-02');
    await promise('K5', 'C1', '800.00', '2025-04-12', 'open', '2025-04-01');
    // a credit limit far below K2's balance, set in the application
    await api.ops
      .insertInto('ops.customer_settings')
      .values({ customer_id: 'K2', credit_limit: '1.00', updated_by: 'user:1' })
      .execute();
  });

  it('lists class downgrades, broken promises and credit limits passed, each checked against the ledger', async () => {
    const { asOf, items } = await json('admin', `/api/alerts?asOf=${AS_OF}`);
    expect(asOf).toBe(AS_OF);
    const downgrades = items.filter((a: { kind: string }) => a.kind === 'class_downgrade');
    expect(
      downgrades.map((a: { customer_id: string; from_class: string; to_class: string }) => [
        a.customer_id,
        a.from_class,
        a.to_class,
      ]),
    ).toEqual([
      ['K3', 'B', 'D'],
      ['K1', 'A', 'C'],
    ]);
    expect(downgrades[0].amount).toBe('3500.00');

    const broken = items.filter((a: { kind: string }) => a.kind === 'broken_promise');
    expect(broken.map((a: { customer_id: string; status: string }) => [a.customer_id, a.status])).toEqual([
      ['K3', 'broken'],
      ['K2', 'open'],
    ]);
    // what K2 paid on its C1 invoices between the promise (May 20) and its date plus 3 grace days (June 15)
    const rows = buildFixtureLedger();
    const k2Docs = new Set(rows.documents!.filter((d) => d[2] === 'K2' && d[0] === 'C1').map((d) => d[1]));
    const paid = rows
      .allocations!.filter(
        (a) =>
          a[0] === 'C1' &&
          k2Docs.has(a[3]) &&
          a[2] === 'payment' &&
          a[5] > '2025-05-20' &&
          a[5] <= addDays('2025-06-12', 3),
      )
      .reduce((sum, a) => sum + Number(a[4]), 0);
    expect(Number(broken[1].paid)).toBeCloseTo(paid, 2);

    const credit = items.filter((a: { kind: string }) => a.kind === 'credit_limit');
    const aging = await computeAging(api.db, { asOf: AS_OF, by: 'customer' });
    const limits = new Map<string, number>([
      ...CUSTOMERS.filter((c) => c.creditLimit !== null).map((c): [string, number] => [
        c.id,
        Number(c.creditLimit),
      ]),
      ['K2', 1],
    ]);
    const over = aging.rows
      .filter((r) => limits.has(r.key) && r.net_ar > limits.get(r.key)!)
      .map((r) => r.key)
      .sort();
    expect(over).toContain('K2');
    expect(credit.map((a: { customer_id: string }) => a.customer_id).sort()).toEqual(over);
    for (const a of items) expect(a.message).toContain(a.customer_id);
  });

  it('a promise closed as broken or a new credit limit shows at once (the kept alerts are keyed by them)', async () => {
    const url = `/api/alerts?asOf=${AS_OF}`;
    const before = (await json('admin', url)).items;
    expect(
      before.some(
        (a: { kind: string; customer_id: string }) => a.kind === 'credit_limit' && a.customer_id === 'K4',
      ),
    ).toBe(false);
    await api.ops
      .insertInto('ops.customer_settings')
      .values({ customer_id: 'K4', credit_limit: '1.00', updated_by: 'user:1' })
      .execute();
    const after = (await json('admin', url)).items;
    expect(
      after.some(
        (a: { kind: string; customer_id: string }) => a.kind === 'credit_limit' && a.customer_id === 'K4',
      ),
    ).toBe(true);
    const open = after.find(
      (a: { kind: string; status: string }) => a.kind === 'broken_promise' && a.status === 'open',
    );
    await api.ops
      .updateTable('ops.promises')
      .set({ status: 'broken' })
      .where('id', '=', open.promise_id)
      .execute();
    const closed = (await json('admin', url)).items.find(
      (a: { promise_id?: number }) => a.promise_id === open.promise_id,
    );
    expect(closed.status).toBe('broken');
    await api.ops.deleteFrom('ops.customer_settings').where('customer_id', '=', 'K4').execute();
    await api.ops
      .updateTable('ops.promises')
      .set({ status: 'open' })
      .where('id', '=', open.promise_id)
      .execute();
  });

  it('alerts stay within the caller’s scope and follow the view filters', async () => {
    const sam = (await json('sam', `/api/alerts?asOf=${AS_OF}`)).items;
    expect(new Set(sam.map((a: { customer_id: string }) => a.customer_id))).toEqual(new Set(['K1', 'K2']));
    const south = (await json('admin', `/api/alerts?asOf=${AS_OF}&agency=South`)).items;
    expect(
      south.map((a: { customer_id: string }) => a.customer_id).every((c: string) => c === 'K3' || c === 'K4'),
    ).toBe(true);
    expect(south.length).toBeGreaterThan(0);
    expect(south).toEqual((await json('lou', `/api/alerts?asOf=${AS_OF}`)).items);
    // a company: promises made in it, customers with invoices in it
    const c2 = (await json('admin', `/api/alerts?asOf=${AS_OF}&company=C2`)).items;
    expect(c2.some((a: { customer_id: string }) => a.customer_id === 'K2')).toBe(false);
  });
});
