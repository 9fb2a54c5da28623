import type { Log } from '../../../lib/log.js';
import type { OpsDb } from '../../../warehouse/ops/database.js';
import { readDunningControls } from '../../../warehouse/ops/dunning-controls.queries.js';
import { markDunningLog, recordDunningIntent } from '../../../warehouse/ops/dunning-log.queries.js';
import type { JsonObject } from '../../../warehouse/ops/json.js';
import type { DunningChannel, PlannedAction } from '../types.js';
import { dunningKey } from './keys.js';

/** One way out for a planned action (email, PDF letter, call task). */
export interface DeliveryChannel {
  /**
   * True when doing the same delivery twice cannot duplicate anything (a file named by the key, a row unique on
   * the key). An SMTP send is not: once the server may have accepted it, it is never repeated blindly.
   */
  readonly idempotent: boolean;
  deliver(action: PlannedAction, key: string): Promise<JsonObject>;
  /** True when `error` proves nothing left (refused connection, a 4xx/5xx before the end of DATA): retry is safe. */
  wasNotDelivered(error: unknown): boolean;
}

export type DeliveryChannels = Record<DunningChannel, DeliveryChannel>;

export interface DeliveryDeps {
  ops: OpsDb;
  channels: DeliveryChannels;
  log: Log;
  /** Test-only failure injection: runs after the channel accepted, before the log says 'sent'. */
  afterAccepted?(key: string): Promise<void> | void;
}

export type DeliveryStatus = 'sent' | 'skipped' | 'ambiguous';

export interface DeliveryOutcome {
  key: string;
  status: DeliveryStatus;
  reason: string;
}

/**
 * Sends one planned action at most once. The intent is logged before the send; a row found in 'intent' means an
 * earlier attempt died in between, so an SMTP send is marked 'ambiguous' for review instead of being repeated.
 * A send proven not to have left is logged 'failed' and thrown again, for the caller's retry to send it once.
 */
export async function deliverAction(deps: DeliveryDeps, action: PlannedAction): Promise<DeliveryOutcome> {
  const key = dunningKey(action);
  const controls = await readDunningControls(deps.ops);
  if (controls.paused)
    return { key, status: 'skipped', reason: `reminders paused: ${controls.pause_reason ?? 'global pause'}` };
  const channel = deps.channels[action.channel];
  const { entry, created } = await recordDunningIntent(deps.ops, {
    idempotency_key: key,
    company_id: action.company_id,
    customer_id: action.customer_id,
    scenario: action.scenario,
    step: action.step,
    channel: action.channel,
    as_of: action.as_of,
    amount: action.amount,
    currency: action.currency,
    document_ids: action.documents.map((d) => d.document_id),
    detail: { template: action.template, phase: action.phase, reason: action.reason },
  });
  if (!created) {
    if (entry.status === 'sent') return { key, status: 'skipped', reason: 'already sent' };
    if (entry.status === 'ambiguous')
      return { key, status: 'ambiguous', reason: 'marked for review earlier' };
    if (entry.status === 'intent' && !channel.idempotent) {
      await markDunningLog(deps.ops, key, 'ambiguous', {
        review: 'an earlier attempt stopped after logging its intent: the message may have been sent',
      });
      deps.log.warn({ key }, 'ambiguous reminder send marked for review, not repeated');
      return { key, status: 'ambiguous', reason: 'an earlier attempt may have sent it: marked for review' };
    }
    // 'failed' (proven not sent) or an idempotent channel's unfinished 'intent': deliver again
    await markDunningLog(deps.ops, key, 'intent', { retried_at: new Date().toISOString() });
  }
  let receipt: JsonObject;
  try {
    receipt = await channel.deliver(action, key);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (channel.idempotent || channel.wasNotDelivered(error)) {
      await markDunningLog(deps.ops, key, 'failed', { error: message });
      throw error;
    }
    await markDunningLog(deps.ops, key, 'ambiguous', { error: message, review: 'the send failed midway' });
    deps.log.warn({ key, err: error }, 'reminder send failed midway: marked for review, not repeated');
    return { key, status: 'ambiguous', reason: `the send failed midway (${message}): marked for review` };
  }
  await deps.afterAccepted?.(key);
  await markDunningLog(deps.ops, key, 'sent', receipt);
  return { key, status: 'sent', reason: `${action.channel} ${action.step} sent` };
}
