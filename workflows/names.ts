// Names shared by the worker, the client and the CLI (kept free of SDK imports so the CLI loads it cheaply).
export const PIPELINE_WORKFLOW = 'nightlyPipeline';
export const DEFAULT_TASK_QUEUE = 'encours';
export const NIGHTLY_SCHEDULE_ID = 'encours-nightly';

/**
 * Workflow and schedule ids are unique per namespace, and each warehouse has its own task queue (docs/scaling.md):
 * ids of a queue other than the default carry it, so tenants sharing a namespace never attach to each other's runs.
 */
export function queueSuffix(taskQueue: string): string {
  return taskQueue === DEFAULT_TASK_QUEUE ? '' : `@${taskQueue}`;
}

/** `encours-nightly` (or `encours-nightly@<queue>`). */
export function nightlyScheduleId(taskQueue: string): string {
  return NIGHTLY_SCHEDULE_ID + queueSuffix(taskQueue);
}

/** `nightly/<asOf>`, plus the companies when the run is restricted to some, plus the queue when not the default. */
export function pipelineWorkflowId(taskQueue: string, asOf: string, companies?: string[]): string {
  const scope = companies?.length ? `/${[...companies].sort().join('+')}` : '';
  return `nightly/${asOf}${scope}${queueSuffix(taskQueue)}`;
}
