import {
  Client,
  Connection,
  WorkflowFailedError,
  type WorkflowExecutionInfo,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EncoursError } from '../lib/errors.js';
import type { nightlyPipeline } from './pipeline/nightly.workflow.js';
import type { NightlyInput, PipelineProgress } from './pipeline/types.js';

import { PIPELINE_WORKFLOW, pipelineWorkflowId } from './names.js';

export { PIPELINE_WORKFLOW, pipelineWorkflowId };
const PROGRESS_QUERY = 'progress';

export interface TemporalClient {
  client: Client;
  close(): Promise<void>;
}

export async function connectClient(address: string, namespace: string): Promise<TemporalClient> {
  let connection: Connection;
  try {
    connection = await Connection.connect({ address, connectTimeout: '10 seconds' });
  } catch (error) {
    throw new EncoursError(
      'unavailable',
      `cannot reach Temporal at ${address}: ${(error as Error).message}; ` +
        'start `encours serve`, or check TEMPORAL_ADDRESS',
      { cause: error },
    );
  }
  return { client: new Client({ connection, namespace }), close: () => connection.close() };
}

/** Starts the nightly pipeline, or attaches to the run with the same id that is still running. */
export async function startPipeline(
  client: Client,
  taskQueue: string,
  input: NightlyInput & { asOf: string },
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof nightlyPipeline>> {
  return client.workflow.start<typeof nightlyPipeline>(PIPELINE_WORKFLOW, {
    taskQueue,
    workflowId: pipelineWorkflowId(taskQueue, input.asOf, input.companies),
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
}

export async function queryProgress(
  handle: WorkflowHandle,
  timeoutMs = 5_000,
): Promise<PipelineProgress | undefined> {
  // a real deadline on the call (not only a race): no query outlives it, so closing the client afterwards never
  // meets a call in flight (grpc-js would retry it on the closed channel and throw from a timer)
  const connection = handle.client.connection;
  return connection
    .withDeadline(Date.now() + timeoutMs, () => handle.query<PipelineProgress>(PROGRESS_QUERY))
    .catch(() => undefined);
}

/** Waits for the run's result, calling `onProgress` whenever the stages change. Throws on failure with the stages. */
export async function followPipeline(
  handle: WorkflowHandle,
  onProgress: (progress: PipelineProgress) => void,
  intervalMs = 500,
): Promise<PipelineProgress> {
  let done = false;
  let last = '';
  const report = (progress: PipelineProgress | undefined) => {
    const text = JSON.stringify(progress ?? null);
    if (progress && text !== last) onProgress(progress);
    last = text;
  };
  const poll = (async () => {
    while (!done) {
      const progress = await queryProgress(handle, 2_000);
      if (!done) report(progress);
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  try {
    const result = (await handle.result()) as PipelineProgress;
    done = true;
    await poll; // its last query ends by its deadline at the latest
    report(result);
    return result;
  } catch (error) {
    done = true;
    await poll;
    const failed = failureProgress(error);
    if (failed) report(failed);
    throw error;
  }
}

/** The stages a failed run recorded (the workflow fails with its progress as failure details). */
export function failureProgress(error: unknown): PipelineProgress | undefined {
  if (!(error instanceof WorkflowFailedError) || !(error.cause instanceof ApplicationFailure))
    return undefined;
  return error.cause.details?.[0] as PipelineProgress | undefined;
}

export interface PipelineRunStatus {
  workflowId: string;
  runId: string;
  /** running | completed | partial | failed, or Temporal's own (terminated, canceled, timed_out…). */
  status: string;
  startedAt: string;
  closedAt: string | null;
  asOf: string | null;
  stages: PipelineProgress['stages'];
  sources: PipelineProgress['sources'];
  snapshot?: string;
  error?: string;
}

/** The latest nightly pipeline run of a task queue (any trigger), with its stages. */
export async function readLastRun(client: Client, taskQueue: string): Promise<PipelineRunStatus | undefined> {
  let latest: WorkflowExecutionInfo | undefined;
  const query = `WorkflowType = '${PIPELINE_WORKFLOW}' AND TaskQueue = '${taskQueue.replaceAll("'", "''")}'`;
  for await (const info of client.workflow.list({ query })) {
    if (!latest || info.startTime > latest.startTime) latest = info;
  }
  if (!latest) return undefined;
  return describeRun(client, latest);
}

async function describeRun(client: Client, info: WorkflowExecutionInfo): Promise<PipelineRunStatus> {
  const handle = client.workflow.getHandle(info.workflowId, info.runId);
  let progress: PipelineProgress | undefined;
  let error: string | undefined;
  const temporalStatus = info.status.name.toLowerCase();
  if (temporalStatus === 'completed') progress = (await handle.result()) as PipelineProgress;
  else if (temporalStatus === 'failed') {
    try {
      await handle.result();
    } catch (failure) {
      progress = failureProgress(failure);
      error = describeFailure(failure);
    }
  } else if (temporalStatus === 'running') progress = await queryProgress(handle);
  return {
    workflowId: info.workflowId,
    runId: info.runId,
    status: progress?.status ?? temporalStatus,
    startedAt: info.startTime.toISOString(),
    closedAt: info.closeTime?.toISOString() ?? null,
    asOf: progress?.asOf ?? null,
    stages: progress?.stages ?? [],
    sources: progress?.sources ?? [],
    ...(progress?.snapshot ? { snapshot: progress.snapshot } : {}),
    ...(error ? { error } : {}),
  };
}

function describeFailure(failure: unknown): string {
  const cause = (failure as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : (failure as Error).message;
}
