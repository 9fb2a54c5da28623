import type { Log } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { deliverAction, type DeliveryChannels, type DeliveryOutcome } from '../dunning/execution/deliver.js';
import { reviewCustomer, type CustomerReview, type ReviewInput } from '../dunning/execution/review.js';
import type { PlannedAction } from '../dunning/types.js';

export interface CollectionDeps {
  db: Warehouse;
  ops: OpsDb;
  channels: DeliveryChannels;
  log: Log;
  /** Test-only failure injection (see deliverAction). */
  afterAccepted?(key: string): Promise<void> | void;
}

export type CollectionActivities = ReturnType<typeof createCollectionActivities>;

/** The collection workflow's activities, closing over the warehouse, the ops tables and the channels. */
export function createCollectionActivities(deps: CollectionDeps) {
  return {
    async reviewCustomer(input: ReviewInput): Promise<CustomerReview> {
      return reviewCustomer(deps, input);
    },

    async deliverReminder(input: { action: PlannedAction }): Promise<DeliveryOutcome> {
      const outcome = await deliverAction(deps, input.action);
      deps.log.info(
        { customer: input.action.customer_id, step: input.action.step, ...outcome },
        'reminder delivery',
      );
      return outcome;
    },
  };
}
