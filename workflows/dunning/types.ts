// The contracts of the reminder (dunning) engine, shared by the plan (scenarios, assignment, catch-up), the message
// channels (email, PDF letter, call task) and the collection workflows. Workflow-safe: types only.

export const DUNNING_PHASES = ['prevention', 'reminder', 'thanks'] as const;
export type DunningPhase = (typeof DUNNING_PHASES)[number];

export const DUNNING_CHANNELS = ['email', 'letter', 'call'] as const;
export type DunningChannel = (typeof DUNNING_CHANNELS)[number];

export type Language = 'fr' | 'en';

/** One step of a scenario. `offset_days` counts from the due date: -5 = five days before, 15 = fifteen days after. */
export interface ScenarioStep {
  /** Unique within the scenario, stable across edits (the dunning log refers to it), e.g. 'j+15'. */
  id: string;
  phase: DunningPhase;
  offset_days: number;
  channel: DunningChannel;
  /** A template id of workflows/dunning/templates (e.g. 'reminder_firm', 'formal_notice', 'thanks'). */
  template: string;
  /** The step applies only when the customer's open amount at this step is at least this (reporting currency). */
  min_amount?: number;
  /** The step applies only to these risk classes (A…E); absent = every class. */
  risk_classes?: string[];
  /** A formal notice (mise en demeure): the letter carries the legal mentions. */
  escalation?: boolean;
}

export interface Scenario {
  id: string;
  /** English name. */
  name: string;
  /** French name (the dashboard and the CLI show it to French users). */
  name_fr?: string;
  /** What the scenario is for, in a sentence. */
  description?: string;
  /** No automatic reminder at all (insolvency, legal proceedings). */
  manual_only?: boolean;
  /** Minimum days between two messages to one customer (any channel). */
  min_gap_days: number;
  /** Days after a promise's date during which its invoices stay suspended. */
  promise_grace_days: number;
  steps: ScenarioStep[];
}

/** An invoice one planned action covers, with what the message shows about it. */
export interface PlannedDocument {
  document_id: string;
  reference: string | null;
  issue_date: string;
  due_date: string;
  currency: string;
  amount: string;
  open_amount: string;
  /** Days past due at the plan's date (negative before the due date). */
  days_late: number;
}

/** One message (or call task) the plan says a customer should get today: the `dunning plan --json` row. */
export interface PlannedAction {
  customer_id: string;
  company_id: string;
  scenario: string;
  step: string;
  phase: DunningPhase;
  channel: DunningChannel;
  documents: PlannedDocument[];
  /** Sum of the documents' open amounts, in `currency`. */
  amount: string;
  currency: string;
  /** Why this customer gets this step today, in words (scenario assignment and the step's trigger). */
  reason: string;
  /** Extra facts the channels and the worklist use. */
  as_of: string;
  language: Language;
  customer_name: string;
  email: string | null;
  escalation: boolean;
  template: string;
  /** P(late > 30 days) of the customer when scored (worklist ranking: overdue amount × p_late_30). */
  p_late_30: number | null;
}
