import type { OpsDb } from './database.js';
import type { DunningRuleRow, NewDunningRuleRow } from './dunning-rules.table.js';
import type { DunningScenarioRow } from './dunning-scenarios.table.js';
import type { JsonObject } from './json.js';
import type { CustomerSettings } from './customer-settings.table.js';
import { saveCustomerSettings } from './customer-settings.queries.js';

export function listDunningScenarios(db: OpsDb): Promise<DunningScenarioRow[]> {
  return db.selectFrom('ops.dunning_scenarios').selectAll().orderBy('id').execute();
}

export function findDunningScenario(db: OpsDb, id: string): Promise<DunningScenarioRow | undefined> {
  return db.selectFrom('ops.dunning_scenarios').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Creates or replaces one scenario; returns the row before (undefined for a new one) and after. */
export async function upsertDunningScenario(
  db: OpsDb,
  row: { id: string; definition: JsonObject; builtin?: boolean; updated_by: string },
): Promise<{ before: DunningScenarioRow | undefined; after: DunningScenarioRow }> {
  const before = await findDunningScenario(db, row.id);
  const after = before
    ? await db
        .updateTable('ops.dunning_scenarios')
        .set({ definition: row.definition, updated_by: row.updated_by, updated_at: new Date() })
        .where('id', '=', row.id)
        .returningAll()
        .executeTakeFirstOrThrow()
    : await db
        .insertInto('ops.dunning_scenarios')
        .values({
          id: row.id,
          definition: row.definition,
          builtin: row.builtin ?? false,
          updated_by: row.updated_by,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
  return { before, after };
}

export function deleteDunningScenario(db: OpsDb, id: string): Promise<unknown> {
  return db.deleteFrom('ops.dunning_scenarios').where('id', '=', id).execute();
}

export async function countDunningScenarios(db: OpsDb): Promise<number> {
  const row = await db
    .selectFrom('ops.dunning_scenarios')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Rules in the order they are tried: priority, then id. */
export function listDunningRules(db: OpsDb): Promise<DunningRuleRow[]> {
  return db.selectFrom('ops.dunning_rules').selectAll().orderBy('priority').orderBy('id').execute();
}

/** Replaces the whole rule set (run it in a transaction with its audit row); returns the new rules in order. */
export async function replaceDunningRules(
  db: OpsDb,
  rules: readonly Omit<NewDunningRuleRow, 'updated_at'>[],
): Promise<DunningRuleRow[]> {
  await db.deleteFrom('ops.dunning_rules').execute();
  if (rules.length > 0)
    await db
      .insertInto('ops.dunning_rules')
      .values([...rules])
      .execute();
  return listDunningRules(db);
}

/** Customers whose scenario was chosen by hand. */
export function listScenarioOverrides(
  db: OpsDb,
): Promise<Pick<CustomerSettings, 'customer_id' | 'scenario_id' | 'scenario_reason'>[]> {
  return db
    .selectFrom('ops.customer_settings')
    .select(['customer_id', 'scenario_id', 'scenario_reason'])
    .where('scenario_id', 'is not', null)
    .orderBy('customer_id')
    .execute();
}

/** Sets (or with null clears) a customer's scenario override; returns the settings before and after. */
export function saveScenarioOverride(
  db: OpsDb,
  customerId: string,
  change: { scenario_id: string | null; scenario_reason: string | null; updated_by: string },
): Promise<{ before: CustomerSettings | undefined; after: CustomerSettings }> {
  return saveCustomerSettings(db, customerId, change);
}
