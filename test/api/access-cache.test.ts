// What the API keeps between requests must never outlive the change it depends on: a user's resolved scope (kept per
// user until grants or portfolio customers change) and the ledger part of a customer card (kept per scope, customer,
// date and data generation, while its ops part is read on every request).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpDataGeneration } from '../../warehouse/data-generation.js';
import { replacePortfolioCustomers } from '../../warehouse/ops/access.queries.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
});
afterAll(async () => {
  await api.close();
});

const call = (
  person: Parameters<TestApi['as']>[0],
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: object,
) => api.as(person, { method, url, ...(payload ? { payload } : {}) });
const listed = async (person: Parameters<TestApi['as']>[0]) =>
  (await call(person, 'GET', '/api/customers'))
    .json()
    .items.map((c: { customer_id: string }) => c.customer_id);

describe('a kept access scope', () => {
  it('follows a change of grants, and of the portfolio customers, from the next request on', async () => {
    const portfolios = (await call('admin', 'GET', '/api/portfolios')).json() as {
      id: number;
      name: string;
    }[];
    const north = portfolios.find((p) => p.name === 'North')!.id;
    const grants = (g: object) => ({ grants: [{ portfolioId: null, companyId: null, agency: null, ...g }] });
    expect(await listed('sam')).toEqual(['K1', 'K2']);
    expect((await call('sam', 'GET', '/api/customers/K1')).statusCode).toBe(200);

    // the grants, through the API
    expect(
      (await call('admin', 'PUT', `/api/users/${api.ids.sam}/scopes`, grants({ agency: 'South' })))
        .statusCode,
    ).toBe(200);
    expect(await listed('sam')).toEqual(['K3', 'K4']);
    expect((await call('sam', 'GET', '/api/customers/K1')).statusCode).toBe(404);
    expect((await call('sam', 'GET', '/api/customers/K3')).statusCode).toBe(200);

    // the portfolio's customers, through the API, then by a writer outside the API
    expect(
      (await call('admin', 'PUT', `/api/users/${api.ids.sam}/scopes`, grants({ portfolioId: north })))
        .statusCode,
    ).toBe(200);
    expect(await listed('sam')).toEqual(['K1', 'K2']);
    expect(
      (await call('admin', 'PUT', `/api/portfolios/${north}/customers`, { customerIds: ['K2'] })).statusCode,
    ).toBe(200);
    expect(await listed('sam')).toEqual(['K2']);
    expect((await call('sam', 'GET', '/api/customers/K1')).statusCode).toBe(404);
    await replacePortfolioCustomers(api.ops, north, ['K1', 'K2']);
    expect(await listed('sam')).toEqual(['K1', 'K2']);
    expect((await call('sam', 'GET', '/api/customers/K1')).statusCode).toBe(200);
  });
});

describe('a kept customer card', () => {
  it('shows a comment, a credit hold and a disputed item from the next read on', async () => {
    const card = async () => (await call('user', 'GET', '/api/customers/K1')).json();
    const before = await card();
    expect(before.timeline.filter((e: { kind: string }) => e.kind === 'comment')).toEqual([]);
    expect(
      (await call('user', 'POST', '/api/customers/K1/comments', { body: 'called, paying Friday' }))
        .statusCode,
    ).toBe(201);
    expect(
      (await call('user', 'PUT', '/api/customers/K1/credit', { hold: true, reason: 'over the limit' }))
        .statusCode,
    ).toBe(200);
    const item = before.openItems[0] as { document_id: string; open_dispute_id: number | null };
    expect(item.open_dispute_id).toBeNull();
    const dispute = await call('user', 'POST', '/api/customers/K1/disputes', {
      documentId: item.document_id,
      reason: 'price',
    });
    expect(dispute.statusCode).toBe(201);
    const after = await card();
    expect(after.openItems[0]).toMatchObject({
      document_id: item.document_id,
      open_dispute_id: dispute.json().id,
    });
    expect(
      after.timeline
        .filter((e: { kind: string }) => e.kind === 'comment')
        .map((e: { data: { body: string } }) => e.data.body),
    ).toEqual(['called, paying Friday']);
    expect(after.settings.credit_hold).toBe(true);
    // the ledger part is the same read, whoever asks in the same scope
    expect(after.kpis).toEqual(before.kpis);
    expect(after.payments).toEqual(before.payments);
  });

  it('is read again from the ledger once the data generation changes', async () => {
    const card = async () => (await call('admin', 'GET', '/api/customers/K2')).json();
    const before = await card();
    await api.db.run(`update core.customers set name = 'Beta renamed' where customer_id = 'K2'`);
    // no writer bumped the generation: the kept ledger part is still served
    expect((await card()).customer.name).toBe(before.customer.name);
    bumpDataGeneration(api.db);
    expect((await card()).customer.name).toBe('Beta renamed');
    await api.db.run(`update core.customers set name = $1 where customer_id = 'K2'`, [before.customer.name]);
    bumpDataGeneration(api.db);
  });

  it('is kept per scope: a limited user never gets an entry read in another scope', async () => {
    expect((await call('admin', 'GET', '/api/customers/K3')).statusCode).toBe(200);
    expect((await call('sam', 'GET', '/api/customers/K3')).statusCode).toBe(404);
    const cora = (await call('cora', 'GET', '/api/customers/K1')).json();
    const admin = (await call('admin', 'GET', '/api/customers/K1')).json();
    // cora sees K1 in company C2 only
    expect(cora.openItems.every((i: { company_id: string }) => i.company_id === 'C2')).toBe(true);
    expect(admin.openItems.some((i: { company_id: string }) => i.company_id !== 'C2')).toBe(true);
  });
});
