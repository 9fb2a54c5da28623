// Benchmark phase `dunningPlan` (DESIGN.md §9: the plan for 100k customers ≤ 10 s). Imports the ledger when the
// warehouse is new, gives every customer a synthetic score (profiles and classes spread by a hash, so every scenario
// and rule is used), then times planDunning cold, logs every planned send and times the catch-up plan again.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { loadDunningConfig, planDunning } from '../../workflows/dunning/index.js';
import type { PlannedAction } from '../../workflows/dunning/types.js';

export async function benchDunningPlan(args: {
  ledger: string;
  warehouse: string;
}): Promise<Record<string, unknown>> {
  const fresh = !existsSync(args.warehouse);
  const db = await openWarehouse({ warehousePath: args.warehouse, reportingCurrency: 'EUR' });
  const ops = createOpsDb(db);
  try {
    let importSeconds: number | null = null;
    if (fresh) {
      const started = performance.now();
      await importCanonical(db, args.ledger, { log: createSilentLog() });
      importSeconds = (performance.now() - started) / 1000;
    }
    const asOf = await findDefaultAsOf(db);
    await db.run(
      `delete from ops.dunning_log_documents; delete from ops.dunning_log; delete from marts.customer_scores`,
    );
    await db.run(
      `insert into marts.customer_scores (as_of, company_id, customer_id, risk_class, model_class, overridden,
        profile, p_late_30)
      select $1::date - 10, '*', customer_id, c, c, false,
             ['early', 'on_time', 'slightly_late', 'late', 'chronic_late', 'disputer', 'new'][1 + (hash(customer_id) % 7)::integer],
             (hash(customer_id) % 100) / 100
      from (select customer_id, ['A', 'B', 'C', 'D', 'E'][1 + (hash(customer_id || 'c') % 5)::integer] as c from core.customers)`,
      [asOf],
    );
    await loadDunningConfig(ops);
    const [counts] = await db.all<{ customers: number; open_invoices: number }>(
      `select count(distinct customer_id)::integer as customers, count(*)::integer as open_invoices
       from marts.open_items($1::date) where item_type = 'invoice' and open_amount > 0`,
      [asOf],
    );
    let started = performance.now();
    const actions = await planDunning(db, ops, { asOf });
    const planSeconds = (performance.now() - started) / 1000;
    await logSends(db, actions);
    started = performance.now();
    const again = await planDunning(db, ops, { asOf });
    const replanSeconds = (performance.now() - started) / 1000;
    const customers = new Set(actions.map((a) => `${a.company_id}/${a.customer_id}`)).size;
    return {
      asOf,
      importSeconds,
      ledgerCustomers: (await db.all<{ n: number }>('select count(*)::integer as n from core.customers'))[0]!
        .n,
      customersWithOpenInvoices: counts?.customers,
      openInvoices: counts?.open_invoices,
      actions: actions.length,
      customersPlanned: customers,
      documentsPlanned: actions.reduce((n, a) => n + a.documents.length, 0),
      planSeconds,
      replanAfterLoggingSeconds: replanSeconds,
      replanActions: again.length,
    };
  } finally {
    await ops.destroy();
    db.close();
  }
}

/** Writes every planned send to the dunning log (as the execution would), in two bulk statements. */
async function logSends(
  db: Awaited<ReturnType<typeof openWarehouse>>,
  actions: PlannedAction[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-dunning-'));
  const file = join(dir, 'sends.ndjson');
  writeFileSync(
    file,
    actions
      .map((a, n) =>
        JSON.stringify({
          key: `bench/${a.as_of}/${n}`,
          company_id: a.company_id,
          customer_id: a.customer_id,
          step: a.step,
          channel: a.channel,
          scenario: a.scenario,
          as_of: a.as_of,
          documents: a.documents.map((d) => d.document_id),
        }),
      )
      .join('\n'),
  );
  const source = `read_json('${file}', columns = {key: 'varchar', company_id: 'varchar', customer_id: 'varchar',
    step: 'varchar', channel: 'varchar', scenario: 'varchar', as_of: 'date', documents: 'varchar[]'})`;
  await db.run(`insert into ops.dunning_log (idempotency_key, company_id, customer_id, step, channel, status, scenario, as_of)
    select key, company_id, customer_id, step, channel, 'sent', scenario, as_of from ${source}`);
  await db.run(`insert into ops.dunning_log_documents
    select key, company_id, customer_id, unnest(documents), step from ${source}`);
  rmSync(dir, { recursive: true, force: true });
}
