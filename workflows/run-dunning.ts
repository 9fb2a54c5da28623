import type { Client } from '@temporalio/client';
import type { Config } from '../lib/config.js';
import type { CollectionStateView } from './collection/definitions.js';
import type { Log } from '../lib/log.js';
import type { RunDunningResult } from './dunning/execution/run.js';
import type { LocalRuntime } from './local-runtime.js';
import { queueSuffix } from './names.js';
import { withOwningWorker } from './owning-worker.js';

/** `dunning/<asOf|latest>[/company]`: one run per day and company at a time (a second start attaches to it). */
export function dunningRunWorkflowId(taskQueue: string, asOf: string | undefined, companyId?: string): string {
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

async function waitForDeliveries(client: Client, result: RunDunningResult, timeoutMs = 10 * 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (const id of result.workflowIds ?? []) {
    const handle = client.workflow.getHandle(id);
    for (;;) {
      const description = await handle.describe();
      if (description.status.name !== 'RUNNING') break;
      const view = await handle.query<CollectionStateView>('state');
      const done = view.history.some((e) => e.at === result.asOf) && view.queued.length === 0 && view.status !== 'working';
      if (done) break;
      if (Date.now() > until) throw new Error(`collection ${id} still delivering after ${timeoutMs / 60_000} minutes`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
