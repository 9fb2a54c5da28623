// Scenarios and assignment rules as the ops tables keep them: loaded (and seeded with the shipped defaults when
// empty), edited with validation, every change appended to the audit log in the same transaction.
import { EncoursError } from '../../../lib/errors.js';
import { appendAudit } from '../../../warehouse/ops/audit.queries.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import type { DunningRuleRow } from '../../../warehouse/ops/dunning-rules.table.js';
import {
  countDunningScenarios,
  findDunningScenario,
  listDunningRules,
  listDunningScenarios,
  replaceDunningRules,
  saveScenarioOverride,
  upsertDunningScenario,
} from '../../../warehouse/ops/dunning-scenarios.queries.js';
import type { CustomerSettings } from '../../../warehouse/ops/customer-settings.table.js';
import type { JsonObject } from '../../../warehouse/ops/json.js';
import type { Scenario } from '../types.js';
import { DEFAULT_RULES, DEFAULT_SCENARIOS } from './defaults.js';
import { parseRules, parseScenario, type AssignmentRule } from './validate.js';

export interface DunningConfig {
  scenarios: Scenario[];
  rules: AssignmentRule[];
}

const json = (value: unknown): JsonObject => JSON.parse(JSON.stringify(value)) as JsonObject;

/**
 * Writes the shipped scenarios and rules when the tables are empty (idempotent: existing rows are kept, a concurrent
 * seed loses quietly). Returns true when it wrote something.
 */
export async function seedDunningDefaults(ops: OpsDb, actor = 'system'): Promise<boolean> {
  if ((await countDunningScenarios(ops)) > 0) return false;
  try {
    await ops.transaction().execute(async (trx) => {
      if ((await countDunningScenarios(trx)) > 0) return;
      for (const scenario of DEFAULT_SCENARIOS) {
        await trx
          .insertInto('ops.dunning_scenarios')
          .values({ id: scenario.id, definition: json(scenario), builtin: true, updated_by: actor })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
      if ((await listDunningRules(trx)).length === 0)
        await replaceDunningRules(
          trx,
          DEFAULT_RULES.map((r) => ({ ...r, updated_by: actor })),
        );
      await appendAudit(trx, {
        actor,
        action: 'seed',
        entity: 'dunning_config',
        entity_id: null,
        before: null,
        after: json({ scenarios: DEFAULT_SCENARIOS.map((s) => s.id), rules: DEFAULT_RULES.length }),
      });
    });
    return true;
  } catch (error) {
    if ((await countDunningScenarios(ops).catch(() => 0)) > 0) return false; // another seed won the race
    throw error;
  }
}

/** The scenarios and rules in force; seeds the defaults first when the tables are empty. */
export async function loadDunningConfig(ops: OpsDb): Promise<DunningConfig> {
  // a read-only warehouse cannot seed: it plans with the defaults a seed would have written
  await seedDunningDefaults(ops).catch(() => false);
  const rows = await listDunningScenarios(ops);
  if (rows.length === 0) return { scenarios: [...DEFAULT_SCENARIOS], rules: [...DEFAULT_RULES] };
  const scenarios = rows.map((r) => parseScenario(r.definition, `stored scenario "${r.id}"`));
  const rules = (await listDunningRules(ops)).map(toRule);
  return { scenarios, rules: rules.length > 0 ? rules : [...DEFAULT_RULES] };
}

export async function findScenario(ops: OpsDb, id: string): Promise<Scenario> {
  await seedDunningDefaults(ops);
  const row = await findDunningScenario(ops, id);
  if (!row) {
    const known = (await listDunningScenarios(ops)).map((r) => r.id).join(', ');
    throw new EncoursError('not_found', `no scenario "${id}" (known: ${known})`);
  }
  return parseScenario(row.definition, `stored scenario "${id}"`);
}

/** Validates and creates or replaces a scenario; audited as `actor`. */
export async function saveScenario(
  ops: OpsDb,
  input: unknown,
  actor: string,
  where = 'scenario',
): Promise<Scenario> {
  const scenario = parseScenario(input, where);
  await seedDunningDefaults(ops);
  return ops.transaction().execute(async (trx) => {
    const { before, after } = await upsertDunningScenario(trx, {
      id: scenario.id,
      definition: json(scenario),
      updated_by: actor,
    });
    await appendAudit(trx, {
      actor,
      action: before ? 'update' : 'create',
      entity: 'dunning_scenario',
      entity_id: scenario.id,
      before: before ? json(before.definition) : null,
      after: json(after.definition),
    });
    return scenario;
  });
}

export async function listRules(ops: OpsDb): Promise<AssignmentRule[]> {
  return (await loadDunningConfig(ops)).rules;
}

/** Validates the whole rule set (every scenario known, a fallback present) and replaces it; audited as `actor`. */
export async function saveRules(
  ops: OpsDb,
  input: unknown,
  actor: string,
  where = 'rules',
): Promise<AssignmentRule[]> {
  const { scenarios, rules: before } = await loadDunningConfig(ops);
  const rules = parseRules(input, new Set(scenarios.map((s) => s.id)), where);
  return ops.transaction().execute(async (trx) => {
    const after = (
      await replaceDunningRules(
        trx,
        rules.map((r) => ({ ...r, updated_by: actor })),
      )
    ).map(toRule);
    await appendAudit(trx, {
      actor,
      action: 'update',
      entity: 'dunning_rules',
      entity_id: null,
      before: json({ rules: before }),
      after: json({ rules: after }),
    });
    return after;
  });
}

/** Sets a customer's scenario by hand (a reason is required) or, with null, gives it back to the rules; audited. */
export async function assignCustomerScenario(
  ops: OpsDb,
  customerId: string,
  change: { scenarioId: string | null; reason?: string | null },
  actor: string,
): Promise<CustomerSettings> {
  const reason = change.reason?.trim() || null;
  if (change.scenarioId !== null) {
    await findScenario(ops, change.scenarioId);
    if (reason === null)
      throw new EncoursError('bad_input', 'reason: say why this customer gets a scenario by hand');
  }
  return ops.transaction().execute(async (trx) => {
    const { before, after } = await saveScenarioOverride(trx, customerId, {
      scenario_id: change.scenarioId,
      scenario_reason: change.scenarioId === null ? null : reason,
      updated_by: actor,
    });
    await appendAudit(trx, {
      actor,
      action: change.scenarioId === null ? 'clear_scenario' : 'assign_scenario',
      entity: 'customer',
      entity_id: customerId,
      before: json({
        scenario_id: before?.scenario_id ?? null,
        scenario_reason: before?.scenario_reason ?? null,
      }),
      after: json({ scenario_id: after.scenario_id, scenario_reason: after.scenario_reason }),
    });
    return after;
  });
}

function toRule(r: DunningRuleRow): AssignmentRule {
  return {
    id: r.id,
    priority: r.priority,
    scenario_id: r.scenario_id,
    profile: r.profile,
    risk_class: r.risk_class,
    risk_overridden: r.risk_overridden,
    segment: r.segment,
    company_id: r.company_id,
  };
}
