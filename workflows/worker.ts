import { NativeConnection, Worker } from '@temporalio/worker';
import { loadWorkflowBundle } from './bundle.js';
import { createPipelineActivities, type PipelineDeps } from './pipeline/activities.js';
import { createExtensionActivities } from './pipeline/extension-activities.js';
import { createCollectionActivities } from './collection/activities.js';
import { createDigestActivities } from './digest/activities.js';

/** Every activity the encours worker runs, built once from the process's dependencies. */
export function createWorkerActivities(deps: PipelineDeps) {
  return {
    ...createPipelineActivities(deps),
    ...createExtensionActivities(deps),
    ...(deps.collection ? createCollectionActivities(deps.collection) : {}),
    ...(deps.digest ? createDigestActivities(deps.digest) : {}),
  };
}

export interface WorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  deps: PipelineDeps;
  /** Keep the workflow bundle on disk here (the user cache) to skip webpack on the next start. */
  bundleCacheDir?: string;
  /** Worker.shutdown() waits this long for running activities before cancelling them. */
  shutdownGraceTime?: string;
}

/** A worker polling `taskQueue`, its activities using `deps.db` (the process's DuckDB instance). */
export async function createEncoursWorker(
  options: WorkerOptions,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: options.namespace,
      taskQueue: options.taskQueue,
      workflowBundle: await loadWorkflowBundle({ log: options.deps.log, cacheDir: options.bundleCacheDir }),
      activities: createWorkerActivities(options.deps),
      shutdownGraceTime: options.shutdownGraceTime ?? '10 seconds',
      // A run's activities are sequential; a few runs (tenants, back-dated runs) may overlap on the one DuckDB instance.
      maxConcurrentActivityTaskExecutions: 4,
    });
    return { worker, connection };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
