// The reminder engine's entry points (DESIGN.md §6, docs/reminders.md).

// --- scenarios, assignment and the plan (pure, dry-run) ---
import type { Warehouse } from '../../warehouse/db.js';
import { readPlanInputs, type PlanFilter } from '../../warehouse/dunning/plan-inputs.queries.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { computeDunningPlan, evaluateCustomers, type CustomerDunningState, type PlanInputs } from './plan.js';
import { loadDunningConfig } from './scenarios/store.js';
import type { PlannedAction, Scenario, ScenarioStep } from './types.js';

export {
  assignCustomerScenario,
  findScenario,
  listRules,
  loadDunningConfig,
  saveRules,
  saveScenario,
  seedDunningDefaults,
} from './scenarios/store.js';
export { DEFAULT_RULES, DEFAULT_SCENARIOS } from './scenarios/defaults.js';
export { parseRules, parseScenario, type AssignmentRule } from './scenarios/validate.js';
export { computeDunningPlan, evaluateCustomers, type CustomerDunningState } from './plan.js';

/** Where one customer's collection stands (what the collection workflow asks before sleeping). */
export interface CustomerDunningStatus {
  scenario: Scenario;
  manual_only: boolean;
  paused_until: string | null;
  open_documents: number;
  overdue_amount: string;
  currency: string;
  /** The earliest date after asOf when a step of an open, not excluded invoice comes due, or a suspension ends. */
  next_date: string | null;
  thanks_step: ScenarioStep | null;
}

/** The day's actions, as of a date, for the whole ledger or one company / customer. */
export async function planDunning(
  db: Warehouse,
  ops: OpsDb,
  options: PlanFilter & { reportingCurrency?: string },
): Promise<PlannedAction[]> {
  return computeDunningPlan(await gatherPlanInputs(db, ops, options));
}

/** The plan with each customer's state (overdue amount, next date): what the nightly signals to the collections. */
export async function planDunningStates(
  db: Warehouse,
  ops: OpsDb,
  options: PlanFilter & { reportingCurrency?: string },
): Promise<CustomerDunningState[]> {
  return evaluateCustomers(await gatherPlanInputs(db, ops, options));
}

/** The scenario and state of one (company, customer) at asOf, with the next date something may happen. */
export async function describeCustomerDunning(
  db: Warehouse,
  ops: OpsDb,
  options: { asOf: string; companyId: string; customerId: string },
): Promise<CustomerDunningStatus> {
  return statusOf(evaluateCustomers(await gatherPlanInputs(db, ops, options)), options);
}

/** One customer's actions and status from one read of the plan inputs (what the collection workflow asks). */
export async function reviewCustomerDunning(
  db: Warehouse,
  ops: OpsDb,
  options: { asOf: string; companyId: string; customerId: string },
): Promise<{ actions: PlannedAction[]; status: CustomerDunningStatus }> {
  const states = evaluateCustomers(await gatherPlanInputs(db, ops, options));
  return { actions: states.flatMap((s) => s.actions), status: statusOf(states, options) };
}

function statusOf(
  states: CustomerDunningState[],
  options: { companyId: string; customerId: string },
): CustomerDunningStatus {
  const state = states.find(
    (s) => s.company_id === options.companyId && s.customer_id === options.customerId,
  );
  if (!state) throw new Error(`no customer ${options.customerId} in company ${options.companyId}`);
  const scenario = state.assignment.scenario;
  return {
    scenario,
    manual_only: scenario.manual_only === true,
    paused_until: state.paused_until,
    open_documents: state.open_documents,
    overdue_amount: state.overdue_amount,
    currency: state.currency,
    next_date: state.next_date,
    thanks_step: scenario.steps.find((s) => s.phase === 'thanks') ?? null,
  };
}

async function gatherPlanInputs(
  db: Warehouse,
  ops: OpsDb,
  options: PlanFilter & { reportingCurrency?: string },
): Promise<PlanInputs> {
  const [config, rows, reporting] = await Promise.all([
    loadDunningConfig(ops),
    readPlanInputs(db, options),
    options.reportingCurrency ?? readReportingCurrency(db),
  ]);
  return { asOf: options.asOf, reportingCurrency: reporting, ...config, ...rows };
}

async function readReportingCurrency(db: Warehouse): Promise<string> {
  const [row] = await db.all<{ c: string }>('select main.reporting_currency() as c');
  return row?.c ?? 'EUR';
}

// --- end of scenarios, assignment and the plan ---
