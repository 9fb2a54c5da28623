// The customer card computes its aged balance itself (warehouse/scope/customer-card.queries.ts, for speed): it must
// equal the customer's row of GET /api/aging, bucket by bucket, for every customer and a few dates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AGING_COLUMNS } from '../../warehouse/kpi/types.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
});
afterAll(async () => api.close());

const get = async (url: string) => {
  const response = await api.as('admin', { method: 'GET', url });
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('customer card aging', () => {
  it.each([AS_OF, '2025-05-31', '2025-03-15'])('equals the aging route as of %s', async (asOf) => {
    const aging = (await get(`/api/aging?asOf=${asOf}&by=customer`)) as {
      rows: ({ key: string } & Record<string, number>)[];
    };
    expect(aging.rows.length).toBeGreaterThan(1);
    for (const row of aging.rows) {
      const card = await get(`/api/customers/${row.key}?asOf=${asOf}`);
      for (const column of AGING_COLUMNS)
        expect([row.key, column, Number(card.kpis.aging[column])]).toEqual([row.key, column, row[column]]);
    }
  });
});
