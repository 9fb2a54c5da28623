// The dunning plan, without I/O: from the open invoices, the customers' facts, promises and the dunning log, which
// message (or call task) each customer should get today (docs/reminders.md, "Catch-up"). Unit-tested on plain rows.
import type {
  DunningCustomerRow,
  OpenInvoiceRow,
  PlanInputRows,
  PromiseRow,
} from '../../warehouse/dunning/plan-inputs.queries.js';
import { assignScenario, type Assignment } from './scenarios/assign.js';
import type { AssignmentRule } from './scenarios/validate.js';
import { dayOf, dateOf, formatCents, sumCents } from './plan-support.js';
import type {
  DunningChannel,
  Language,
  PlannedAction,
  PlannedDocument,
  Scenario,
  ScenarioStep,
} from './types.js';

export interface PlanInputs extends PlanInputRows {
  asOf: string;
  reportingCurrency: string;
  scenarios: readonly Scenario[];
  rules: readonly AssignmentRule[];
}

/** Where one (company, customer) stands at asOf: its scenario, what holds it back, what it gets today. */
export interface CustomerDunningState {
  company_id: string;
  customer_id: string;
  assignment: Assignment;
  /** ops.customer_settings.reminders_paused_until when it is asOf or later. */
  paused_until: string | null;
  /** Set when the customer got a message less than min_gap_days ago: the first day the gap allows another. */
  gap_until: string | null;
  actions: PlannedAction[];
  open_documents: number;
  overdue_amount: string;
  currency: string;
  next_date: string | null;
}

const FRENCH_COUNTRIES = new Set(['FR', 'BE', 'LU', 'MC', 'CH']);

/** The plan: one action per (company, customer, channel), ordered by company, customer, step. */
export function computeDunningPlan(inputs: PlanInputs): PlannedAction[] {
  return evaluateCustomers(inputs).flatMap((s) => s.actions);
}

/** Every (company, customer) of the inputs with open invoices or a customer row. */
export function evaluateCustomers(inputs: PlanInputs): CustomerDunningState[] {
  const asOf = dayOf(inputs.asOf);
  const scenarios = new Map(inputs.scenarios.map((s) => [s.id, s]));
  const invoices = groupBy(inputs.invoices);
  const promises = groupBy(inputs.promises);
  const history = new Map<string, Set<string>>();
  for (const h of inputs.history) {
    const key = `${h.company_id}\u0000${h.document_id}`;
    history.set(key, (history.get(key) ?? new Set()).add(h.step));
  }
  const customers = new Map(inputs.customers.map((c) => [keyOf(c), c]));
  for (const key of invoices.keys())
    if (!customers.has(key)) customers.set(key, unknownCustomer(invoices.get(key)![0]!));
  const states: CustomerDunningState[] = [];
  for (const [key, customer] of [...customers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const assignment = assignScenario(customer, inputs.rules, scenarios);
    states.push(
      evaluateCustomer({
        asOf,
        reportingCurrency: inputs.reportingCurrency,
        customer,
        assignment,
        invoices: invoices.get(key) ?? [],
        promises: promises.get(key) ?? [],
        history: (document_id) => history.get(`${customer.company_id}\u0000${document_id}`),
      }),
    );
  }
  return states;
}

interface CustomerInputs {
  asOf: number;
  reportingCurrency: string;
  customer: DunningCustomerRow;
  assignment: Assignment;
  invoices: readonly OpenInvoiceRow[];
  promises: readonly PromiseRow[];
  history: (documentId: string) => ReadonlySet<string> | undefined;
}

/** An open, not excluded invoice and the step(s) it is at today. */
interface Candidate {
  invoice: OpenInvoiceRow;
  /** The steps now due whose conditions hold, at the highest offset reached (one per channel at most). */
  current: ScenarioStep[];
  /** Of those, the ones it has not had (nor any later step). */
  pending: ScenarioStep[];
}

function evaluateCustomer(x: CustomerInputs): CustomerDunningState {
  const { asOf, customer, assignment } = x;
  const scenario = assignment.scenario;
  const steps = scenario.steps.filter((s) => s.phase !== 'thanks');
  const rank = new Map(steps.map((s) => [s.id, s.offset_days]));
  const pausedUntil =
    customer.paused_until !== null && dayOf(customer.paused_until) >= asOf ? customer.paused_until : null;
  const lastMessage = customer.last_message === null ? null : dayOf(customer.last_message);
  const gapEnd = lastMessage === null ? null : lastMessage + scenario.min_gap_days;
  const gapUntil = gapEnd !== null && gapEnd > asOf ? dateOf(gapEnd) : null;

  // exclusions: disputes, promises (until promised date + grace)
  const suspendedUntil = (invoice: OpenInvoiceRow): number | null => {
    let until: number | null = null;
    for (const p of x.promises) {
      if (p.document_ids.length > 0 && !p.document_ids.includes(invoice.document_id)) continue;
      const end = dayOf(p.promised_date) + scenario.promise_grace_days;
      if (end >= asOf && (until === null || end > until)) until = end;
    }
    return until;
  };
  const eligible: OpenInvoiceRow[] = [];
  const resumeDates: number[] = [];
  for (const invoice of x.invoices) {
    if (invoice.disputed) continue;
    const until = suspendedUntil(invoice);
    if (until !== null) resumeDates.push(until + 1);
    else eligible.push(invoice);
  }
  const customerOpen = sumCents(eligible.map((i) => i.open_amount_reporting));
  const conditionsHold = (step: ScenarioStep) =>
    (step.min_amount === undefined ||
      (customerOpen !== null && customerOpen >= BigInt(Math.round(step.min_amount * 100)))) &&
    (step.risk_classes === undefined ||
      (customer.risk_class !== null && step.risk_classes.includes(customer.risk_class)));

  // catch-up: each invoice's current step(s), pending unless it had that step or a later one
  const candidates: Candidate[] = [];
  for (const invoice of eligible) {
    const due = dayOf(invoice.due_date);
    const dueSteps = steps.filter(
      (s) => asOf >= due + s.offset_days && (s.phase !== 'prevention' || asOf < due) && conditionsHold(s),
    );
    if (dueSteps.length === 0) continue;
    const top = Math.max(...dueSteps.map((s) => s.offset_days));
    const current = dueSteps.filter((s) => s.offset_days === top);
    const had = [...(x.history(invoice.document_id) ?? [])];
    const pending = current.filter(
      (s) => !had.some((h) => h === s.id || (rank.get(h) ?? -Infinity) > s.offset_days),
    );
    candidates.push({ invoice, current, pending });
  }

  const blocked = scenario.manual_only === true || pausedUntil !== null || gapUntil !== null;
  const actions = blocked ? [] : buildActions(x, candidates, steps);
  return {
    company_id: customer.company_id,
    customer_id: customer.customer_id,
    assignment,
    paused_until: pausedUntil,
    gap_until: gapUntil,
    actions,
    open_documents: x.invoices.length,
    overdue_amount: formatCents(
      sumCents(x.invoices.filter((i) => dayOf(i.due_date) < asOf).map((i) => i.open_amount)) ?? 0n,
    ),
    currency: commonCurrency(x.invoices, x.reportingCurrency),
    next_date:
      scenario.manual_only === true
        ? null
        : findNextDate({ asOf, steps, eligible, candidates, resumeDates, pausedUntil, gapUntil }),
  };
}

/** One action per channel: the highest pending step on it, with every invoice pending on that channel. */
function buildActions(
  x: CustomerInputs,
  candidates: readonly Candidate[],
  steps: readonly ScenarioStep[],
): PlannedAction[] {
  const byChannel = new Map<DunningChannel, { step: ScenarioStep; invoice: OpenInvoiceRow }[]>();
  for (const c of candidates) {
    for (const step of c.pending) {
      const list = byChannel.get(step.channel);
      if (list) list.push({ step, invoice: c.invoice });
      else byChannel.set(step.channel, [{ step, invoice: c.invoice }]);
    }
  }
  const order = new Map(steps.map((s, i) => [s.id, i]));
  const actions: PlannedAction[] = [];
  for (const [, entries] of byChannel) {
    const step = entries.map((e) => e.step).reduce((a, b) => (order.get(b.id)! > order.get(a.id)! ? b : a));
    const invoices = entries.map((e) => e.invoice);
    const currency = commonCurrency(invoices, x.reportingCurrency);
    const mixed = currency !== invoices[0]!.currency || invoices.some((i) => i.currency !== currency);
    const amount = sumCents(invoices.map((i) => (mixed ? i.open_amount_reporting : i.open_amount)));
    if (amount === null) throw missingRate(invoices, x.asOf);
    const atStep = entries.filter((e) => e.step.id === step.id).length;
    actions.push({
      customer_id: x.customer.customer_id,
      company_id: x.customer.company_id,
      scenario: x.assignment.scenario.id,
      step: step.id,
      phase: step.phase,
      channel: step.channel,
      documents: invoices.map((i) => toPlannedDocument(i, x.asOf)),
      amount: formatCents(amount),
      currency,
      reason: `${x.assignment.reason}; ${describeTrigger(step, atStep, invoices.length - atStep)}`,
      as_of: dateOf(x.asOf),
      language: languageOf(x.customer),
      customer_name: x.customer.name,
      email: x.customer.email,
      escalation: step.escalation === true,
      template: step.template,
      p_late_30: x.customer.p_late_30,
    });
  }
  return actions.sort((a, b) => order.get(a.step)! - order.get(b.step)!);
}

function findNextDate(x: {
  asOf: number;
  steps: readonly ScenarioStep[];
  eligible: readonly OpenInvoiceRow[];
  candidates: readonly Candidate[];
  resumeDates: readonly number[];
  pausedUntil: string | null;
  gapUntil: string | null;
}): string | null {
  const dates: number[] = [...x.resumeDates];
  const hold = Math.max(
    x.pausedUntil === null ? 0 : dayOf(x.pausedUntil) + 1,
    x.gapUntil === null ? 0 : dayOf(x.gapUntil),
  );
  if (x.pausedUntil !== null) dates.push(dayOf(x.pausedUntil) + 1);
  if (hold > 0 && x.candidates.some((c) => c.pending.length > 0)) dates.push(hold);
  for (const invoice of x.eligible) {
    const due = dayOf(invoice.due_date);
    for (const s of x.steps) {
      const day = due + s.offset_days;
      if (day <= x.asOf || (s.phase === 'prevention' && day >= due)) continue;
      dates.push(Math.max(day, hold));
      break; // steps are ordered: the first one ahead is the earliest for this invoice
    }
  }
  return dates.length === 0 ? null : dateOf(Math.min(...dates));
}

function missingRate(invoices: readonly OpenInvoiceRow[], asOf: number): Error {
  const currency = invoices.find((i) => i.open_amount_reporting === null)?.currency ?? '?';
  return new Error(
    `no exchange rate for ${currency} on or before ${dateOf(asOf)}: a customer's invoices in several currencies are ` +
      `summed in the reporting currency; import an fx_rates.csv row for ${currency}`,
  );
}

function describeTrigger(step: ScenarioStep, atStep: number, others: number): string {
  const label = `J${step.offset_days >= 0 ? '+' : ''}${step.offset_days} ${step.template.replace(/_/g, ' ')}`;
  const invoices = (n: number) => `${n} invoice${n === 1 ? '' : 's'}`;
  const when =
    step.offset_days < 0
      ? `due within ${-step.offset_days} days`
      : step.offset_days === 0
        ? 'due today or earlier'
        : `${step.offset_days}+ days past due`;
  const more = others > 0 ? `, with ${invoices(others)} at an earlier step` : '';
  return `${invoices(atStep)} ${when} (${label})${more}`;
}

function toPlannedDocument(i: OpenInvoiceRow, asOf: number): PlannedDocument {
  return {
    document_id: i.document_id,
    reference: i.reference,
    issue_date: i.issue_date,
    due_date: i.due_date,
    currency: i.currency,
    amount: i.amount,
    open_amount: i.open_amount,
    days_late: asOf - dayOf(i.due_date),
  };
}

/** 'fr' for the French-speaking countries (and a missing country), 'en' elsewhere; a language attribute wins. */
export function languageOf(c: Pick<DunningCustomerRow, 'country' | 'language'>): Language {
  if (c.language === 'fr' || c.language === 'en') return c.language;
  if (c.country === null || c.country === '') return 'fr';
  return FRENCH_COUNTRIES.has(c.country.toUpperCase()) ? 'fr' : 'en';
}

function commonCurrency(invoices: readonly OpenInvoiceRow[], reporting: string): string {
  const first = invoices[0]?.currency;
  return first !== undefined && invoices.every((i) => i.currency === first) ? first : reporting;
}

function keyOf(r: { company_id: string; customer_id: string }): string {
  return `${r.company_id}\u0000${r.customer_id}`;
}

function groupBy<T extends { company_id: string; customer_id: string }>(
  rows: readonly T[],
): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const r of rows) {
    const key = keyOf(r);
    const list = map.get(key);
    if (list) list.push(r);
    else map.set(key, [r]);
  }
  return map;
}

function unknownCustomer(i: OpenInvoiceRow): DunningCustomerRow {
  return {
    company_id: i.company_id,
    customer_id: i.customer_id,
    name: i.customer_id,
    email: null,
    country: null,
    segment: null,
    language: null,
    profile: null,
    risk_class: null,
    risk_overridden: false,
    risk_override_reason: null,
    p_late_30: null,
    paused_until: null,
    scenario_id: null,
    scenario_reason: null,
    last_message: null,
  };
}
