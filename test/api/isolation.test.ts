import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeForecast } from '../../models/index.js';
import type { Warehouse } from '../../warehouse/db.js';
import { computeAging, computeKpis, materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import { readKpiTrend } from '../../warehouse/kpi-daily.queries.js';
import { openTestWarehouse } from '../../warehouse/kpi/test-ledger.js';
import { AS_OF, buildFixtureLedger, cutLedger, loadFixture } from '../../warehouse/scope/test-fixture.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;
/** The ledger sam may see (portfolio North: K1, K2) and the one cora may see (company C2), as warehouses of their own. */
let north: Warehouse;
let c2: Warehouse;

beforeAll(async () => {
  api = await startTestApi();
  const rows = buildFixtureLedger();
  north = await openTestWarehouse();
  await loadFixture(
    north,
    cutLedger(rows, (k) => k === 'K1' || k === 'K2'),
  );
  await materializeKpiSnapshots(north, ['2025-04-30', '2025-05-31', AS_OF]);
  c2 = await openTestWarehouse();
  await loadFixture(
    c2,
    cutLedger(rows, (_k, c) => c === 'C2'),
  );
});
afterAll(async () => {
  north.close();
  c2.close();
  await api.close();
});

const get = (person: Parameters<TestApi['as']>[0], url: string, headers: Record<string, string> = {}) =>
  api.as(person, { method: 'GET', url, headers });

describe('portfolio isolation', () => {
  it('the customer list and its search show only the portfolio', async () => {
    const list = (await get('sam', '/api/customers')).json();
    expect(list.items.map((c: { customer_id: string }) => c.customer_id)).toEqual(['K1', 'K2']);
    expect(list.total).toBe(2);
    expect((await get('sam', '/api/customers?q=gamma')).json()).toEqual({ items: [], total: 0 });
    expect((await get('admin', '/api/customers?q=gamma')).json().total).toBe(1);
    expect(
      (await get('lou', '/api/customers')).json().items.map((c: { customer_id: string }) => c.customer_id),
    ).toEqual(['K3', 'K4']);
    expect(
      (await get('cora', '/api/customers')).json().items.map((c: { customer_id: string }) => c.customer_id),
    ).toEqual(['K1', 'K3', 'K4']);
    expect((await get('sam', '/api/customers?filter=agency:South')).json().total).toBe(0);
  });

  it('a card out of scope is 404, word for word like a customer that does not exist', async () => {
    expect((await get('sam', '/api/customers/K1')).statusCode).toBe(200);
    const hidden = await get('sam', '/api/customers/K3');
    const missing = await get('sam', '/api/customers/NOPE');
    expect(hidden.statusCode).toBe(404);
    expect(missing.statusCode).toBe(404);
    expect(hidden.body.replace('K3', 'X')).toBe(missing.body.replace('NOPE', 'X'));
    for (const url of [
      '/api/customers/K3/comments',
      '/api/customers/K3/promises',
      '/api/customers/K3/disputes',
    ]) {
      expect((await get('sam', url)).statusCode).toBe(404);
    }
  });

  it('KPIs, aging and the KPI trend are those of the scope alone', async () => {
    expect((await get('sam', `/api/kpi?asOf=${AS_OF}`)).json()).toEqual(
      await computeKpis(north, { asOf: AS_OF }),
    );
    const aging = (await get('sam', `/api/aging?asOf=${AS_OF}`)).json();
    const expected = await computeAging(north, { asOf: AS_OF });
    expect(aging.totals).toEqual(expected.totals);
    expect(aging.rows.map((r: { key: string }) => r.key)).toEqual(expected.rows.map((r) => r.key));
    const trend = (await get('sam', '/api/kpi/trend?from=2025-01-01&to=2025-06-30')).json();
    expect(trend.points).toEqual(
      await readKpiTrend(north, { from: '2025-01-01', to: AS_OF, companyId: '*' }),
    );
    expect((await get('cora', `/api/kpi?asOf=${AS_OF}`)).json()).toEqual(
      await computeKpis(c2, { asOf: AS_OF }),
    );
    // a company outside the scope is unknown
    expect((await get('cora', `/api/kpi?asOf=${AS_OF}&company=C1`)).statusCode).toBe(404);
    // and the group figure of an unscoped user is larger
    expect((await get('admin', `/api/kpi?asOf=${AS_OF}`)).json().aging.net_ar).toBeGreaterThan(
      (await computeKpis(north, { asOf: AS_OF })).aging.net_ar,
    );
  });

  it('CSV and Arrow exports contain the scope only', async () => {
    const csv = await get('sam', '/api/customers', { accept: 'text/csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const lines = csv.body.trim().split('\n');
    expect(lines[0]).toMatch(/^customer_id,name,/);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['K1', 'K2']);
    const arrow = await api.as('sam', {
      method: 'GET',
      url: '/api/customers',
      headers: { accept: 'application/vnd.apache.arrow.stream' },
    });
    expect(arrow.headers['content-type']).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(arrow.rawPayload);
    expect(table.getChild('customer_id')!.toArray()).toEqual(['K1', 'K2']);
    expect(table.numRows).toBe(2);
  });

  it('the worklist, the forecast and the risk list stay in scope', async () => {
    await api.as('admin', {
      method: 'POST',
      url: '/api/customers/K3/promises',
      payload: { amount: '300.00', date: '2025-07-03', companyId: 'C1' },
    });
    await api.as('admin', {
      method: 'POST',
      url: '/api/customers/K1/promises',
      payload: { amount: '200.00', date: '2025-07-04', companyId: 'C1' },
    });
    const work = (await get('sam', '/api/worklist')).json();
    expect(work.promisesDue.map((p: { customer_id: string }) => p.customer_id)).toEqual(['K1']);
    expect(work.topOverdue.every((c: { customer_id: string }) => ['K1', 'K2'].includes(c.customer_id))).toBe(
      true,
    );
    const forecast = (await get('sam', `/api/forecast?asOf=${AS_OF}`)).json();
    const expected = await computeForecast(north, {
      modelsDir: '/nonexistent',
      reportingCurrency: 'EUR',
      asOf: AS_OF,
    });
    expect(forecast.consolidated.open_amount).toBe(expected.consolidated.open_amount);
    const risk = await get('sam', '/api/risk');
    expect(risk.statusCode).toBe(404);
    expect(risk.json().message).toMatch(/no trained model in \$ENCOURS_HOME\/models/);
    expect(risk.body).not.toContain(api.home);
  });

  it('changes to a customer out of scope are 404 and change nothing', async () => {
    const promise = (
      await api.as('admin', {
        method: 'POST',
        url: '/api/customers/K3/promises',
        payload: { amount: '50.00', date: '2025-07-10', companyId: 'C1' },
      })
    ).json();
    const dispute = (
      await api.as('admin', {
        method: 'POST',
        url: '/api/customers/K3/disputes',
        payload: { documentId: 'C1-INV-0019', reason: 'price' },
      })
    ).json();
    const attempts = [
      { method: 'POST', url: '/api/customers/K3/comments', payload: { body: 'peek' } },
      { method: 'POST', url: '/api/customers/K3/promises', payload: { amount: '1.00', date: '2025-07-10' } },
      {
        method: 'POST',
        url: '/api/customers/K3/disputes',
        payload: { documentId: 'C1-INV-0020', reason: 'peek' },
      },
      { method: 'PATCH', url: `/api/promises/${promise.id}`, payload: { status: 'broken' } },
      { method: 'POST', url: `/api/disputes/${dispute.id}/resolve`, payload: { status: 'rejected' } },
      { method: 'PUT', url: '/api/customers/K3/credit', payload: { hold: true } },
      { method: 'PUT', url: '/api/customers/K3/reminders', payload: { pausedUntil: '2025-08-01' } },
      { method: 'POST', url: '/api/customers/K3/portal-link', payload: {} },
    ] as const;
    for (const attempt of attempts)
      expect((await api.as('sam', attempt)).statusCode, `${attempt.method} ${attempt.url}`).toBe(404);
    const card = (await get('admin', '/api/customers/K3')).json();
    expect(card.settings).toMatchObject({ credit_hold: false, reminders_paused_until: null });
    expect(card.timeline.filter((e: { kind: string }) => e.kind === 'comment')).toEqual([]);
  });

  it('an @mention reaches only users who can see the customer', async () => {
    api.mails.length = 0;
    const posted = (
      await api.as('admin', {
        method: 'POST',
        url: '/api/customers/K3/comments',
        payload: { body: 'call them @sam and @uma' },
      })
    ).json();
    expect(posted.notified).toEqual([api.ids.user]);
    expect(posted.unresolvedMentions).toEqual(['sam@example.com']);
    expect((await get('sam', '/api/notifications')).json().items).toEqual([]);
    expect(api.mails.map((m) => m.to)).toEqual(['uma@example.com']);
  });
});

describe('SQL honours the scope', () => {
  const sql = (person: Parameters<TestApi['as']>[0], text: string) =>
    api.as(person, { method: 'POST', url: '/api/sql', payload: { sql: text } });

  it('a company-scoped analyst reads that company only, tables and macros alike', async () => {
    expect(
      (await sql('cora', 'select distinct company_id from core.documents order by 1')).json().rows,
    ).toEqual([{ company_id: 'C2' }]);
    expect(
      (await sql('cora', 'select customer_id from customers order by 1'))
        .json()
        .rows.map((r: { customer_id: string }) => r.customer_id),
    ).toEqual(['K1', 'K3', 'K4']);
    const kpis = (
      await sql('cora', `select net_ar from marts.kpis([date '${AS_OF}']) where company_id = '*'`)
    ).json().rows;
    const expected = await c2.all(`select net_ar from marts.kpis([date '${AS_OF}']) where company_id = '*'`);
    expect(kpis).toEqual(expected);
    expect(
      (await sql('analyst', 'select count(distinct company_id) as n from core.documents')).json().rows,
    ).toEqual([{ n: '2' }]);
  });

  it.each([
    ['select * from wh.core.documents', /outside your scope/],
    ['select * from "wh"."core"."customers"', /outside your scope/],
    ['select * from wh.customers', /outside your scope/],
    ['select * from raw.canonical_documents', /outside your scope/],
    ['select * from staging.canonical_customers', /outside your scope/],
    ['select * from ops.users', /ops schema/],
    ["attach '/tmp/x.duckdb' as x", /ATTACH/],
    ["select * from read_parquet('snapshots/*.parquet')", /read_parquet\(\) reads files/],
  ])('a scoped analyst cannot reach around the scope: %s', async (text, reason) => {
    const response = await sql('cora', text);
    expect(response.statusCode).toBe(400);
    expect(response.json().message).toMatch(reason);
  });
});
