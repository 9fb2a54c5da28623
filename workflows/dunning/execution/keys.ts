import { createHash } from 'node:crypto';
import type { PlannedAction } from '../types.js';

/**
 * The idempotency key of a send: the same customer, scenario step, channel and invoices always give the same key,
 * so a retry, a replay or a second run the same day finds the dunning-log row instead of sending again.
 */
export function dunningKey(
  action: Pick<PlannedAction, 'company_id' | 'customer_id' | 'scenario' | 'step' | 'channel' | 'documents'>,
): string {
  const documents = action.documents.map((d) => d.document_id).sort();
  const digest = createHash('sha256').update(JSON.stringify(documents)).digest('hex').slice(0, 16);
  return [action.company_id, action.customer_id, action.scenario, action.step, action.channel, digest]
    .map((part) => encodeURIComponent(part))
    .join('/');
}
