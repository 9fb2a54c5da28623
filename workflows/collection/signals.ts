import type { Client } from '@temporalio/client';
import type { Log } from '../../lib/log.js';
import { queueSuffix } from '../names.js';
import { collectionWorkflowId } from './definitions.js';

export type CollectionSignalName = 'payment' | 'promise' | 'dispute' | 'pause' | 'resume';

/** Tells a customer's running collection that something changed (the API's promises, disputes and pauses). */
export interface CollectionSignals {
  /** False when no collection of that customer is running (nothing to tell: the next plan sees the change). */
  send(companyId: string, customerId: string, signal: CollectionSignalName, arg?: unknown): Promise<boolean>;
}

export function createCollectionSignals(client: Client, taskQueue: string, log: Log): CollectionSignals {
  return {
    async send(companyId, customerId, signal, arg) {
      const handle = client.workflow.getHandle(
        collectionWorkflowId(companyId, customerId, queueSuffix(taskQueue)),
      );
      try {
        await (arg === undefined ? handle.signal(signal) : handle.signal(signal, arg));
        return true;
      } catch (error) {
        if ((error as Error).name === 'WorkflowNotFoundError') return false;
        log.warn({ err: error, companyId, customerId, signal }, 'could not signal the collection workflow');
        return false;
      }
    },
  };
}
