// End to end: a trained model's scoring run stores the forecast, and GET /api/forecast serves it ("stored"), equal to
// what computing it on request gives; a new import makes it out of date ("computed" again).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../../lib/log.js';
import { computeForecast } from '../../models/forecast.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { scoreOpenInvoices } from '../../models/scoring.js';
import { startModelApi, type ModelApi } from './model-harness.js';

let api: ModelApi;
let db: ModelApi['db'];
let home: string;
let app: ModelApi['app'];
let token: string;
const modelsDir = () => api.modelsDir;

beforeAll(async () => {
  api = await startModelApi('forecast-stored', { ada: 'admin' });
  ({ db, home, app } = api);
  token = api.users.ada!.token;
}, 120_000);
afterAll(() => api.close());

const forecast = async (query = '') => {
  const response = await app.inject({
    url: `/api/forecast${query}`,
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.statusCode).toBe(200);
  return response.json() as { source: string; asOf: string; method: string } & Record<string, unknown>;
};

describe('the scoring run stored forecast', () => {
  it('is served as stored for the run date, equal to the forecast computed on request', async () => {
    expect((await forecast()).source).toBe('computed');
    const scored = await scoreOpenInvoices(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    const { source, ...stored } = await forecast();
    expect(source).toBe('stored');
    expect(stored.asOf).toBe(scored.asOf);
    expect(stored.method).toBe('model');
    const computed = await computeForecast(db, { modelsDir: modelsDir(), reportingCurrency: 'EUR' });
    expect(stored).toEqual(JSON.parse(JSON.stringify(computed)));
    const { source: companySource, ...c2 } = await forecast('?company=C2');
    expect(companySource).toBe('stored');
    const computedC2 = await computeForecast(db, {
      modelsDir: modelsDir(),
      reportingCurrency: 'EUR',
      companyId: 'C2',
    });
    expect(c2).toEqual(JSON.parse(JSON.stringify(computedC2)));
    // another date than the run's is computed
    expect((await forecast('?asOf=2025-05-31')).source).toBe('computed');
  }, 120_000);

  it('is out of date once a load came after the run', async () => {
    const { asOf } = await forecast();
    const [{ customer } = { customer: '' }] = await db.all<{ customer: string }>(
      `select customer_id as customer from core.customers order by 1 limit 1`,
    );
    const dir = join(home, 'late');
    mkdirSync(dir);
    writeFileSync(
      join(dir, 'invoices.csv'),
      `document_id,customer_id,issue_date,amount,currency,company_id\nLATE-1,${customer},${asOf},100.00,EUR,C1\n`,
    );
    expect((await importCanonical(db, dir, { log: createSilentLog() })).unchanged).toBe(false);
    const after = await forecast(`?asOf=${asOf}`);
    expect(after.source).toBe('computed');
  }, 120_000);
});
