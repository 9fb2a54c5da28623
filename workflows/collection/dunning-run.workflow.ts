// `encours dunning run`: the day's reminders on the worker that owns the warehouse (a running serve, or the CLI's own).
// Workflow code: deterministic, imports only @temporalio/workflow and types.
import { proxyActivities } from '@temporalio/workflow';
import type { RunDunningResult } from '../dunning/execution/run.js';
import type { ExtensionActivities } from '../pipeline/extensions.js';

const { runDunningToday } = proxyActivities<ExtensionActivities>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumAttempts: 3 },
});

export async function dunningRunWorkflow(input: {
  asOf?: string;
  companyId?: string;
}): Promise<RunDunningResult> {
  return runDunningToday(input);
}
