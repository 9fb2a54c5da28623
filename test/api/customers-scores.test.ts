import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpDataGeneration } from '../../warehouse/data-generation.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const dayAfter = (date: string) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

describe('risk classes on the customer list', () => {
  it("shows the nightly scoring, dated the morning after the ledger's last day, on the default list; not on a past date", async () => {
    const [{ latest } = { latest: '' }] = await api.db.all<{ latest: string }>(
      `select max(date)::varchar as latest from marts.ar_daily where measure = 'ar'`,
    );
    const [{ customer_id: customer } = { customer_id: '' }] = await api.db.all<{ customer_id: string }>(
      'select customer_id from core.customers order by customer_id limit 1',
    );
    await api.db.run(
      `insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class, overridden, profile,
         open_amount) values ($1::date, '*', $2, 'D', 'D', false, 'late_payer', 10)`,
      [dayAfter(latest), customer],
    );
    bumpDataGeneration(api.db);
    const classOf = async (query: string) => {
      const res = await api.as('admin', { method: 'GET', url: `/api/customers?limit=1000${query}` });
      expect(res.statusCode).toBe(200);
      const row = (
        res.json() as { items: Array<{ customer_id: string; risk_class: string | null }> }
      ).items.find((c) => c.customer_id === customer);
      return row?.risk_class;
    };
    expect(await classOf('')).toBe('D');
    expect(await classOf(`&asOf=${latest}`)).toBe('D');
    expect(await classOf(`&filter=risk:D`)).toBe('D');
    // a month before the last day: facts came after it, so the later scoring does not describe that date
    const earlier = new Date(Date.parse(`${latest}T00:00:00Z`) - 30 * 86_400_000).toISOString().slice(0, 10);
    expect(await classOf(`&asOf=${earlier}`)).toBeNull();
  });
});
