// Extension points of the nightly pipeline: the stages later issues add after publish (score, plan reminders,
// signal reminder workflows). Workflow-safe: no Node imports.
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
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ExtensionActivities {}

export interface PipelineExtension {
  readonly name: string;
  readonly description: string;
  readonly activity?: keyof ExtensionActivities & string;
  /** Start-to-close timeout, e.g. '30 minutes' (default 1 hour). */
  readonly timeout?: string;
}

export const PIPELINE_EXTENSIONS: readonly PipelineExtension[] = [
  { name: 'score', description: 'score open invoices and customers (payment-delay model)' },
  { name: 'plan-reminders', description: 'compute the dunning plan' },
  { name: 'signal-reminders', description: 'signal-with-start the collection workflows of the plan' },
];
