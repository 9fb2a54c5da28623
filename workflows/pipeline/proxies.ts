// The activity proxies of the nightly pipeline, with their timeouts and retry policies. Workflow code.
import { proxyActivities } from '@temporalio/workflow';
import type { PipelineActivities } from './activities.js';

export const retry = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '1 minute',
} as const;
export const io = proxyActivities<PipelineActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { ...retry, maximumAttempts: 5 },
});
export const heavy = proxyActivities<PipelineActivities>({
  startToCloseTimeout: '2 hours',
  heartbeatTimeout: '1 minute',
  retry: { ...retry, maximumAttempts: 5, nonRetryableErrorTypes: ['InputError'] },
});
