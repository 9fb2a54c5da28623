import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config.js';
import type { CollectionStateView } from './collection/definitions.js';
import type { Log } from '../lib/log.js';
import type { RunDunningResult } from './dunning/execution/run.js';
import type { LocalRuntime } from './local-runtime.js';
import { queueSuffix } from './names.js';
import { withOwningWorker } from './owning-worker.js';

/** `dunning/<asOf|latest>[/company]`: one run per day and company at a time (a second start attaches to it). */
export function dunningRunWorkflowId(
  taskQueue: string,
  asOf: string | undefined,
  companyId?: string,
): string {
  return `dunning/${asOf ?? 'latest'}${companyId ? `/${companyId}` : ''}${queueSuffix(taskQueue)}`;
}

/** Runs workflow dunningRunWorkflow on the worker that owns the warehouse and waits for its result. */
export async function runDunningThroughTemporal(options: {
  config: Config;
  log: Log;
  input: { asOf?: string; companyId?: string };
  runtime?: LocalRuntime;
}): Promise<RunDunningResult> {
  const { config, input } = options;
  return withOwningWorker(options, async (client, via) => {
    const handle = await client.client.workflow.start('dunningRunWorkflow', {
      taskQueue: config.taskQueue,
      workflowId: dunningRunWorkflowId(config.taskQueue, input.asOf, input.companyId),
      args: [input],
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    const result = (await handle.result()) as RunDunningResult;
    // this process's worker stops when the command ends: let the collections deliver the day's actions first
    if (via === 'local') await waitForDeliveries(client.client, result);
    return result;
  });
}

/**
 * Waits until the collections the run signalled have delivered their actions of `asOf` (this process's worker stops
 * when the command ends). Without the list of ids (a very large run), every running collection is checked.
 */
export async function waitForDeliveries(
  client: Client,
  result: { asOf: string; workflowIds?: string[] },
  timeoutMs = 30 * 60_000,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  const listed = result.workflowIds !== undefined;
  const ids = result.workflowIds ?? (await listRunningCollections(client));
  for (const id of ids) {
    const handle = client.workflow.getHandle(id);
    for (;;) {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') break;
      const view = await handle.query<CollectionStateView>('state');
      if (isIdle(view, result.asOf, listed)) break;
      if (Date.now() > until)
        throw new Error(`collection ${id} still delivering after ${timeoutMs / 60_000} minutes`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Idle: nothing queued, not sending, and (for a collection the run signalled) the day's signal seen. */
function isIdle(view: CollectionStateView, asOf: string, signalled: boolean): boolean {
  const seen = !signalled || view.history.some((e) => e.kind === 'actions' && e.at === asOf);
  return view.queued.length === 0 && view.status !== 'working' && seen;
}

async function listRunningCollections(client: Client): Promise<string[]> {
  const ids: string[] = [];
  for await (const info of client.workflow.list({
    query: `WorkflowType = 'collectionWorkflow' AND ExecutionStatus = 'Running'`,
  })) {
    ids.push(info.workflowId);
  }
  return ids;
}
