import type { Config } from '../lib/config.js';
import { EncoursError } from '../lib/errors.js';
import type { Log } from '../lib/log.js';
import { followPipeline, startPipeline, type TemporalClient } from './client.js';
import type { LocalRuntime } from './local-runtime.js';
import { withOwningWorker, type WorkerOwner } from './owning-worker.js';
import { waitForDeliveries } from './run-dunning.js';
import type { NightlyInput, PipelineProgress } from './pipeline/types.js';

export interface PipelineRun {
  workflowId: string;
  runId: string;
  result: PipelineProgress;
  /** Whose worker ran it: a running `serve`, this process's own, or the given runtime's. */
  via: WorkerOwner;
}

/**
 * Runs the nightly pipeline through Temporal and waits for it. With a running `serve` that owns this warehouse, only
 * starts the workflow (the server's worker runs it); otherwise starts Temporal if needed and a worker in this process.
 */
export async function runPipelineAndWait(options: {
  config: Config;
  log: Log;
  input: NightlyInput & { asOf: string };
  onProgress: (progress: PipelineProgress) => void;
  runtime?: LocalRuntime;
  onStart?: (info: { workflowId: string; runId: string; via: PipelineRun['via'] }) => void;
}): Promise<PipelineRun> {
  return withOwningWorker(options, async (client, via) => {
    const run = await follow(client, via, options);
    // this process's worker stops when the command ends: let the collections the run signalled deliver first
    if (via === 'local') await waitForDeliveries(client.client, { asOf: options.input.asOf });
    return run;
  });
}

async function follow(
  client: TemporalClient,
  via: PipelineRun['via'],
  options: Parameters<typeof runPipelineAndWait>[0],
): Promise<PipelineRun> {
  const handle = await startPipeline(client.client, options.config.taskQueue, options.input);
  const runId = handle.firstExecutionRunId;
  options.onStart?.({ workflowId: handle.workflowId, runId, via });
  try {
    const result = await followPipeline(handle, options.onProgress);
    return { workflowId: handle.workflowId, runId, result, via };
  } catch (error) {
    throw new EncoursError('internal', `pipeline ${handle.workflowId} failed: ${innermost(error)}`, {
      cause: error,
    });
  }
}

function innermost(error: unknown): string {
  let current = error as { message?: string; cause?: unknown };
  while (current.cause && typeof current.cause === 'object') current = current.cause as typeof current;
  return current.message ?? String(error);
}
