import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../lib/dates.js';
import { buildFixtureLedger } from '../../warehouse/scope/test-fixture.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

// GET /api/forecast/actuals: the cash actually collected after a past as-of date on the invoices open then, checked
// against the fixture's rows computed here by hand (document amounts, allocation dates, the USD rate of 0.92).
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

/** The fixture's latest date: its last payment (June 15). */
const LATEST = [
  ...buildFixtureLedger().documents!.map((d) => d[4]),
  ...buildFixtureLedger().payments!.map((p) => p[3]),
]
  .sort()
  .at(-1)!;

/** Weekly payments after `asOf` on the invoices open at its end, from the fixture rows (EUR; USD at 0.92). */
function expectedActuals(asOf: string, weeks: number, keep: (customer: string) => boolean): number[] {
  const rows = buildFixtureLedger();
  const result = Array<number>(weeks).fill(0);
  for (const d of rows.documents!) {
    const [company, id, customer, type, issue, , amount, currency] = d;
    if (type !== 'invoice' || issue > asOf || !keep(customer)) continue;
    const allocations = rows.allocations!.filter((a) => a[0] === company && a[3] === id);
    const settledBy = allocations.filter((a) => a[5] <= asOf).reduce((s, a) => s + Number(a[4]), 0);
    if (Math.abs(settledBy - Number(amount)) < 0.005) continue; // closed on or before asOf
    const rate = currency === 'USD' ? 0.92 : 1;
    for (const a of allocations) {
      if (a[2] !== 'payment' || a[5] <= asOf) continue;
      const week = Math.ceil((Date.parse(a[5]) - Date.parse(asOf)) / (7 * 86_400_000));
      if (week <= weeks) result[week - 1]! += Number(a[4]) * rate;
    }
  }
  return result.map((v) => Math.round(v * 100) / 100);
}

describe('forecast actuals', () => {
  it('gives the weeks the ledger has fully seen, each equal to the payments on the invoices open at the date', async () => {
    const response = await api.as('admin', { method: 'GET', url: '/api/forecast/actuals?asOf=2025-04-30' });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.through).toBe(LATEST);
    // 46 days from April 30 to June 15: 6 full weeks
    expect(body.weeks).toHaveLength(6);
    expect(body.weeks[0]).toMatchObject({ week: 1, start: '2025-05-01', end: '2025-05-07' });
    expect(body.weeks[5].end).toBe(addDays('2025-04-30', 42));
    const expected = expectedActuals('2025-04-30', 6, () => true);
    expect(expected.some((v) => v > 0)).toBe(true);
    body.weeks.forEach((w: { amount: number }, i: number) =>
      expect(w.amount, `week ${i + 1}`).toBeCloseTo(expected[i]!, 2),
    );
  });

  it('is empty as of the latest ledger date, and scoped like everything else', async () => {
    const latest = (await api.as('admin', { method: 'GET', url: '/api/forecast/actuals' })).json();
    expect(latest).toEqual({ asOf: LATEST, through: LATEST, weeks: [] });
    expect(
      (await api.as('admin', { method: 'GET', url: `/api/forecast/actuals?asOf=${AS_OF}` })).json().weeks,
    ).toEqual([]);
    const sam = (await api.as('sam', { method: 'GET', url: '/api/forecast/actuals?asOf=2025-04-30' })).json();
    expect(sam.weeks).toHaveLength(6);
    const expected = expectedActuals('2025-04-30', 6, (c) => c === 'K1' || c === 'K2');
    sam.weeks.forEach((w: { amount: number }, i: number) => expect(w.amount).toBeCloseTo(expected[i]!, 2));
    const all = expectedActuals('2025-04-30', 6, () => true);
    expect(expected).not.toEqual(all);
  });
});
