// The plan on a real warehouse: the worked example (test/fixtures/worked-example, as of 2025-03-31), whose open
// invoices are known by hand: A1 500 (106 days late), A2 1200 (45), A3 1200 (19), A4 2500 (due in 19 days);
// B1 2000 (66 days late), B3 2200 and B4 1000 not due. Nobody is scored: profile new → scenario new_or_at_risk.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importCanonical } from '../../pipelines/canonical/import.js';
import type { Warehouse } from '../../warehouse/db.js';
import { locateWorkedExample, openTestWarehouse } from '../../warehouse/kpi/test-ledger.js';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { createOpsDb, type OpsDb } from '../../warehouse/ops/database.js';
import { assignCustomerScenario, describeCustomerDunning, loadDunningConfig, planDunning } from './index.js';
import type { PlannedAction } from './types.js';

const AS_OF = '2025-03-31';
const home = mkdtempSync(join(tmpdir(), 'encours-dunning-plan-'));
let db: Warehouse;
let ops: OpsDb;
let company: string;

beforeAll(async () => {
  db = await openTestWarehouse(join(home, 'warehouse.duckdb'));
  await importCanonical(db, join(locateWorkedExample(), 'canonical'));
  ops = createOpsDb(db);
  [{ company_id: company } = { company_id: '' }] = await db.all<{ company_id: string }>(
    'select company_id from core.companies',
  );
});
afterAll(async () => {
  await ops?.destroy();
  db?.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(async () => {
  await db.run(`delete from ops.dunning_log_documents; delete from ops.dunning_log; delete from ops.disputes;
    delete from ops.customer_settings; delete from marts.customer_scores; delete from ops.risk_overrides`);
});

const brief = (actions: PlannedAction[]) =>
  actions.map((a) => [a.customer_id, a.step, a.channel, a.documents.map((d) => d.document_id), a.amount]);

async function logSends(actions: PlannedAction[]): Promise<void> {
  for (const [n, a] of actions.entries()) {
    const key = `test-${a.as_of}-${n}`;
    await db.run(
      `insert into ops.dunning_log (idempotency_key, company_id, customer_id, step, channel, status, scenario, as_of)
       values ($1, $2, $3, $4, $5, 'sent', $6, $7::date)`,
      [key, a.company_id, a.customer_id, a.step, a.channel, a.scenario, a.as_of],
    );
    for (const d of a.documents)
      await db.run(`insert into ops.dunning_log_documents values ($1, $2, $3, $4, $5)`, [
        key,
        a.company_id,
        a.customer_id,
        d.document_id,
        a.step,
      ]);
  }
}

describe('dunning plan on the worked example', () => {
  it('seeds the shipped scenarios and rules once', async () => {
    const config = await loadDunningConfig(ops);
    expect(config.scenarios.map((s) => s.id)).toEqual(
      expect.arrayContaining(['reliable', 'standard', 'late_payer', 'new_or_at_risk', 'legal']),
    );
    await loadDunningConfig(ops);
    expect((await listAudit(ops, { entity: 'dunning_config' })).length).toBe(1);
  });

  it('catches up each customer to its highest step, one letter each', async () => {
    const actions = await planDunning(db, ops, { asOf: AS_OF });
    expect(brief(actions)).toEqual([
      ['A', 'j+30', 'letter', ['A1', 'A2', 'A3'], '2900.00'],
      ['B', 'j+30', 'letter', ['B1'], '2000.00'],
    ]);
    expect(actions[0]).toMatchObject({
      company_id: company,
      scenario: 'new_or_at_risk',
      phase: 'reminder',
      template: 'final_notice',
      escalation: true,
      language: 'fr',
      customer_name: 'ACME',
      currency: 'EUR',
      as_of: AS_OF,
      p_late_30: null,
    });
    expect(actions[0]!.reason).toBe(
      'never scored (profile new) → scenario new_or_at_risk; 2 invoices 30+ days past due (J+30 final notice), with 1 invoice at an earlier step',
    );
    expect(actions[0]!.documents[0]).toEqual({
      document_id: 'A1',
      reference: null,
      issue_date: '2024-11-15',
      due_date: '2024-12-15',
      currency: 'EUR',
      amount: '1200.00',
      open_amount: '500.00',
      days_late: 106,
    });
  });

  it('once logged, the same day plans nothing; later days bring the next steps', async () => {
    await logSends(await planDunning(db, ops, { asOf: AS_OF }));
    expect(await planDunning(db, ops, { asOf: AS_OF })).toEqual([]);
    // A4 (due 04-19) reaches its J-7 prevention on 04-12
    expect(brief(await planDunning(db, ops, { asOf: '2025-04-12' }))).toEqual([
      ['A', 'j-7', 'email', ['A4'], '2500.00'],
    ]);
    const status = await describeCustomerDunning(db, ops, {
      asOf: AS_OF,
      companyId: company,
      customerId: 'A',
    });
    expect(status).toMatchObject({
      manual_only: false,
      paused_until: null,
      open_documents: 4,
      overdue_amount: '2900.00',
      currency: 'EUR',
      next_date: '2025-04-11', // A3 (due 03-12) reaches J+30
      thanks_step: { id: 'thanks', phase: 'thanks', channel: 'email', template: 'thanks' },
    });
    expect(status.scenario.id).toBe('new_or_at_risk');
  });

  it('filters by company and customer; leaves disputed invoices out', async () => {
    await db.run(
      `insert into ops.disputes (company_id, customer_id, document_id, reason) values ($1, 'A', 'A1', 'price')`,
      [company],
    );
    expect(brief(await planDunning(db, ops, { asOf: AS_OF, customerId: 'A' }))).toEqual([
      ['A', 'j+30', 'letter', ['A2', 'A3'], '2400.00'],
    ]);
    expect(await planDunning(db, ops, { asOf: AS_OF, companyId: 'NOPE' })).toEqual([]);
  });

  it('assigns by score, by a risk class set by hand, and by a per-customer override', async () => {
    await db.run(`insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class, overridden,
      profile, p_late_30) values ('2025-03-01', '*', 'B', 'A', 'A', false, 'on_time', 0.05)`);
    let actions = await planDunning(db, ops, { asOf: AS_OF, customerId: 'B' });
    expect(brief(actions)).toEqual([['B', 'j+25', 'call', ['B1'], '2000.00']]);
    expect(actions[0]!.reason).toMatch(/^profile on_time → scenario reliable; 1 invoice 25\+ days past due/);
    expect(actions[0]!.p_late_30).toBe(0.05);

    await db.run(
      `insert into ops.risk_overrides values ('B', 'E', 'insolvency proceedings', '2025-03-15', 'test', now())`,
    );
    expect(await planDunning(db, ops, { asOf: AS_OF, customerId: 'B' })).toEqual([]);
    const b = await describeCustomerDunning(db, ops, { asOf: AS_OF, companyId: company, customerId: 'B' });
    expect(b).toMatchObject({ manual_only: true, next_date: null, scenario: { id: 'legal' } });

    await assignCustomerScenario(ops, 'A', { scenarioId: 'standard', reason: 'agreed with sales' }, 'test');
    actions = await planDunning(db, ops, { asOf: AS_OF, customerId: 'A' });
    expect(brief(actions)).toEqual([
      ['A', 'j+12', 'email', ['A3'], '1200.00'],
      ['A', 'j+45', 'letter', ['A1', 'A2'], '1700.00'],
    ]);
    expect(actions[0]!.reason).toMatch(/^set by hand \(agreed with sales\) → scenario standard; /);
    const [audit] = await listAudit(ops, { entity: 'customer', entityId: 'A' });
    expect(audit).toMatchObject({
      actor: 'test',
      action: 'assign_scenario',
      after: { scenario_id: 'standard' },
    });
  });

  it('skips a paused customer and says when the pause ends', async () => {
    await db.run(
      `insert into ops.customer_settings (customer_id, reminders_paused_until, updated_by) values ('A', '2025-04-05', 'test')`,
    );
    expect((await planDunning(db, ops, { asOf: AS_OF })).map((a) => a.customer_id)).toEqual(['B']);
    const a = await describeCustomerDunning(db, ops, { asOf: AS_OF, companyId: company, customerId: 'A' });
    expect(a).toMatchObject({ paused_until: '2025-04-05', next_date: '2025-04-06' });
  });
});
