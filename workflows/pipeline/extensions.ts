// Extension points of the nightly pipeline: the stages later issues add after publish (score, plan reminders,
// signal reminder workflows). Workflow-safe: no Node imports.
import type { RunDunningResult } from '../dunning/execution/run.js';
//
// To fill one: add its activity to ExtensionActivities below, implement it in extension-activities.ts, and set
// `activity` on its entry. A stage without an activity is reported as `skipped` ("not registered").
// Changing this list changes the workflow's commands: guard the change with `patched()` for runs in flight.

export interface ExtensionInput {
  asOf: string;
  /** Companies whose sources were processed in this run. */
  companies: string[];
}

export interface ExtensionResult {
  rows?: number;
  detail?: string;
}

/** The extension activities the worker provides. Later issues add theirs here, e.g.
 *  `scoreInvoices(input: ExtensionInput): Promise<ExtensionResult>;` */
export interface ExtensionActivities {
  scoreInvoices(input: ExtensionInput): Promise<ExtensionResult>;
  planReminders(input: ExtensionInput): Promise<ExtensionResult>;
  signalReminders(input: ExtensionInput): Promise<ExtensionResult>;
  /** Owners alerted of customers whose exposure passed their credit limit (and flags cleared once back under). */
  checkCreditLimits(input: ExtensionInput): Promise<ExtensionResult>;
  /** `encours dunning run` (workflow dunningRunWorkflow): the same as signalReminders, one company or all. */
  runDunningToday(input: { asOf?: string; companyId?: string }): Promise<RunDunningResult>;
}

export interface PipelineExtension {
  readonly name: string;
  readonly description: string;
  readonly activity?: keyof ExtensionActivities & string;
  /** Start-to-close timeout, e.g. '30 minutes' (default 1 hour). */
  readonly timeout?: string;
  /** The `patched()` id guarding a stage added after extension-stages-v1 (runs recorded before it skip it). */
  readonly patch?: string;
}

export const PIPELINE_EXTENSIONS: readonly PipelineExtension[] = [
  {
    name: 'score',
    description: 'score open invoices and customers (payment-delay model; trains a first model when none)',
    activity: 'scoreInvoices',
    timeout: '2 hours',
  },
  {
    name: 'plan-reminders',
    description: 'compute the dunning plan',
    activity: 'planReminders',
    timeout: '30 minutes',
  },
  {
    name: 'signal-reminders',
    description: 'signal-with-start the collection workflows of the plan',
    activity: 'signalReminders',
    timeout: '1 hour',
  },
  {
    name: 'credit-alerts',
    description: 'alert owners of customers whose exposure passed their credit limit',
    activity: 'checkCreditLimits',
    timeout: '30 minutes',
    patch: 'credit-alerts-v1',
  },
];
