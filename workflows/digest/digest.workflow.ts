// The weekly cash-reporting digest, started by the `encours-digest` schedule. Workflow code.
import { proxyActivities } from '@temporalio/workflow';
import type { createDigestActivities, DigestRun } from './activities.js';

const { sendDigests } = proxyActivities<ReturnType<typeof createDigestActivities>>({
  startToCloseTimeout: '1 hour',
  heartbeatTimeout: '2 minutes',
  retry: { initialInterval: '10 seconds', maximumAttempts: 5 },
});

export async function digestWorkflow(input: { asOf?: string; days?: number } = {}): Promise<DigestRun> {
  return sendDigests(input);
}
