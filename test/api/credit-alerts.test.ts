import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCreditLimits } from '../../api/routes/support/credit.js';
import type { MailMessage } from '../../api/routes/support/mailer.js';
import { createSilentLog } from '../../lib/log.js';
import { computeAging } from '../../warehouse/kpi/index.js';
import { listCustomersFlaggedOverLimit } from '../../warehouse/ops/customer-settings.queries.js';
import { CUSTOMERS } from '../../warehouse/scope/test-fixture.js';
import { startTestApi, type TestApi } from './harness.js';

// The nightly credit check (stage credit-alerts): owners hear once of a customer whose exposure passed its credit
// limit through the ledger alone, and the flag clears once the customer is back under.
let api: TestApi;
const mails: MailMessage[] = [];
const deps = () => ({
  db: api.db,
  ops: api.ops,
  mailer: { send: async (m: MailMessage) => void mails.push(m) },
  log: createSilentLog(),
  now: () => new Date('2025-07-01T02:00:00Z'),
});

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => {
  await api.close();
});

describe('nightly credit limit check', () => {
  it('alerts each owner once for the customers over their ledger limit, then clears the flag when back under', async () => {
    const aging = await computeAging(api.db, { by: 'customer' });
    const over = CUSTOMERS.filter((c) => {
      const row = aging.rows.find((r) => r.key === c.id);
      return c.creditLimit !== null && row !== undefined && row.net_ar > Number(c.creditLimit);
    });
    expect(over.length).toBeGreaterThan(0);

    const first = await checkCreditLimits(deps());
    expect(first).toMatchObject({ over: over.length, alerted: over.length, cleared: 0 });
    expect(await listCustomersFlaggedOverLimit(api.ops)).toEqual(over.map((c) => c.id).sort());
    // the owners get an email and an in-app notification naming the customer, when their own scope shows it: sam sees
    // portfolio North (K1, K2), lou agency South (K3, K4) — lou owns K5 (agency West) but is never told about it
    const sees: Record<string, string[]> = {
      'sam@example.com': ['K1', 'K2'],
      'lou@example.com': ['K3', 'K4'],
    };
    const told = over.filter((c) => c.owner !== null && sees[c.owner]?.includes(c.id));
    expect(told.length).toBeGreaterThan(0);
    expect(mails.map((m) => m.to).sort()).toEqual(told.map((c) => c.owner).sort());
    for (const c of told) expect(mails.some((m) => m.to === c.owner && m.text.includes(c.id))).toBe(true);
    const notifications = await api.ops
      .selectFrom('ops.notifications')
      .selectAll()
      .where('kind', '=', 'credit_limit')
      .execute();
    expect(notifications.length).toBe(told.length);

    // the next night: nothing new
    mails.length = 0;
    expect(await checkCreditLimits(deps())).toMatchObject({ alerted: 0, cleared: 0 });
    expect(mails).toEqual([]);

    // a limit raised in the application: back under, the flag clears, no alert
    const customer = over[0]!;
    await api.ops
      .insertInto('ops.customer_settings')
      .values({ customer_id: customer.id, credit_limit: '99999999.00', updated_by: 'user:1' })
      .onConflict((oc) => oc.column('customer_id').doUpdateSet({ credit_limit: '99999999.00' }))
      .execute();
    const third = await checkCreditLimits(deps());
    expect(third).toMatchObject({ cleared: 1, alerted: 0 });
    expect(await listCustomersFlaggedOverLimit(api.ops)).not.toContain(customer.id);
    expect(mails).toEqual([]);
  });
});
