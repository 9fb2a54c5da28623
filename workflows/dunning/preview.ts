// The message a scenario step would send one customer, for the dashboard's live preview: the real plan's action when
// the plan has that step for the customer today, else an action built from the customer's open invoices.
import { EncoursError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { readPlanInputs, type OpenInvoiceRow } from '../../warehouse/dunning/plan-inputs.queries.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { evaluateCustomers, languageOf } from './plan.js';
import { dayOf, formatCents, sumCents } from './plan-support.js';
import { loadDunningConfig } from './scenarios/store.js';
import type { PlannedAction, Scenario, ScenarioStep } from './types.js';

export interface PreviewRequest {
  asOf: string;
  customerId: string;
  companyId?: string;
  /** Default: the customer's assigned scenario. */
  scenarioId?: string;
  /** Default: the step the plan gives today, else the scenario's first reminder step. */
  stepId?: string;
  reportingCurrency: string;
}

export interface PreviewAction {
  action: PlannedAction;
  /** 'plan': the day's plan has this very action; 'open_invoices': built from the open invoices for the preview. */
  source: 'plan' | 'open_invoices';
  scenario: Scenario;
  step: ScenarioStep;
}

/** The planned action of one (customer, company, scenario step) as of a date, for rendering; nothing is logged. */
export async function buildPreviewAction(
  db: Warehouse,
  ops: OpsDb,
  request: PreviewRequest,
): Promise<PreviewAction> {
  const { asOf, customerId, companyId } = request;
  const [config, rows] = await Promise.all([
    loadDunningConfig(ops),
    readPlanInputs(db, { asOf, companyId, customerId }),
  ]);
  const states = evaluateCustomers({
    asOf,
    reportingCurrency: request.reportingCurrency,
    ...config,
    ...rows,
  }).filter((s) => s.customer_id === customerId && (companyId === undefined || s.company_id === companyId));
  const state =
    states.find((s) => s.actions.length > 0) ?? states.find((s) => s.open_documents > 0) ?? states[0];
  const customer = rows.customers.find(
    (c) => c.company_id === state?.company_id && c.customer_id === customerId,
  );
  if (!state || !customer)
    throw new EncoursError(
      'not_found',
      `customer "${customerId}" has no open invoice${companyId ? ` in company ${companyId}` : ''} on ${asOf}: nothing to preview`,
    );

  const scenario = request.scenarioId
    ? findIn(config.scenarios, request.scenarioId)
    : state.assignment.scenario;
  const step = chooseStep(scenario, request.stepId, state.actions);
  const planned = state.actions.find((a) => a.scenario === scenario.id && a.step === step.id);
  if (planned) return { action: planned, source: 'plan', scenario, step };

  const invoices = pickInvoices(
    rows.invoices.filter((i) => i.company_id === state.company_id && i.customer_id === customerId),
    step,
    dayOf(asOf),
  );
  if (invoices.length === 0)
    throw new EncoursError(
      'not_found',
      `customer "${customerId}" has no open invoice in company ${state.company_id} on ${asOf}: nothing to preview`,
    );
  const currency = invoices.every((i) => i.currency === invoices[0]!.currency)
    ? invoices[0]!.currency
    : request.reportingCurrency;
  const mixed = currency !== invoices[0]!.currency;
  const amount = sumCents(invoices.map((i) => (mixed ? i.open_amount_reporting : i.open_amount)));
  if (amount === null)
    throw new EncoursError(
      'unavailable',
      `no exchange rate on or before ${asOf} for one of ${customerId}'s currencies; import fx_rates.csv`,
    );
  const action: PlannedAction = {
    customer_id: customerId,
    company_id: state.company_id,
    scenario: scenario.id,
    step: step.id,
    phase: step.phase,
    channel: step.channel,
    documents: invoices.map((i) => ({
      document_id: i.document_id,
      reference: i.reference,
      issue_date: i.issue_date,
      due_date: i.due_date,
      currency: i.currency,
      amount: i.amount,
      open_amount: i.open_amount,
      days_late: dayOf(asOf) - dayOf(i.due_date),
    })),
    amount: formatCents(amount),
    currency,
    reason: `preview of ${scenario.id} / ${step.id}: not in today's plan for this customer (${state.assignment.reason})`,
    as_of: asOf,
    language: languageOf(customer),
    customer_name: customer.name,
    email: customer.email,
    escalation: step.escalation === true,
    template: step.template,
    p_late_30: customer.p_late_30,
  };
  return { action, source: 'open_invoices', scenario, step };
}

function findIn(scenarios: readonly Scenario[], id: string): Scenario {
  const scenario = scenarios.find((s) => s.id === id);
  if (!scenario)
    throw new EncoursError(
      'not_found',
      `no scenario "${id}" (known: ${scenarios.map((s) => s.id).join(', ')})`,
    );
  return scenario;
}

function chooseStep(
  scenario: Scenario,
  stepId: string | undefined,
  actions: readonly PlannedAction[],
): ScenarioStep {
  if (stepId !== undefined) {
    const step = scenario.steps.find((s) => s.id === stepId);
    if (!step)
      throw new EncoursError(
        'bad_input',
        `scenario "${scenario.id}" has no step "${stepId}"; its steps: ${scenario.steps.map((s) => s.id).join(', ')}`,
      );
    return step;
  }
  const planned = actions.find((a) => a.scenario === scenario.id);
  const step =
    scenario.steps.find((s) => s.id === planned?.step) ??
    scenario.steps.find((s) => s.phase === 'reminder') ??
    scenario.steps[0];
  if (!step) throw new EncoursError('bad_input', `scenario "${scenario.id}" has no step to preview`);
  return step;
}

/** The invoices the step speaks of: not yet due for a prevention step, overdue for a reminder; else every open one. */
function pickInvoices(
  invoices: readonly OpenInvoiceRow[],
  step: ScenarioStep,
  asOf: number,
): OpenInvoiceRow[] {
  const open = invoices.filter((i) => !i.disputed);
  const fitting = open.filter((i) =>
    step.phase === 'prevention'
      ? dayOf(i.due_date) > asOf
      : step.phase === 'reminder'
        ? dayOf(i.due_date) <= asOf
        : true,
  );
  return fitting.length > 0 ? fitting : open.length > 0 ? open : [...invoices];
}
