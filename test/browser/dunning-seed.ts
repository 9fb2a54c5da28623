// Test support: sends some of the day's reminders through the engine's real delivery path in outbox mode (intent
// logged, .eml or PDF written, log marked sent, call tasks recorded), so that the Reminders page has a log and an
// outbox to show. One send is then marked 'ambiguous' and one 'failed', as a crash or a refusal would leave them.
import { join } from 'node:path';
import { readOrCreateSecret } from '../../api/portal/signing.js';
import type { Config } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { markDunningLog } from '../../warehouse/ops/dunning-log.queries.js';
import { createMessageContextLoader } from '../../workflows/dunning/channels/load-message-context.js';
import { createDunningMailer } from '../../workflows/dunning/channels/mailer.js';
import { createDeliveryChannels } from '../../workflows/dunning/execution/channels.js';
import { deliverAction } from '../../workflows/dunning/execution/deliver.js';
import { planDunning } from '../../workflows/dunning/index.js';
import type { PlannedAction } from '../../workflows/dunning/types.js';

/** Delivers up to `count` actions of the plan at `asOf`, a few of each channel; returns the keys it logged. */
export async function seedDunningSends(
  db: Warehouse,
  ops: OpsDb,
  config: Config,
  asOf: string,
  count: number,
): Promise<string[]> {
  const plan = await planDunning(db, ops, { asOf, reportingCurrency: config.reportingCurrency });
  const chosen = pickSome(plan, count);
  const channels = createDeliveryChannels({
    ops,
    mailer: createDunningMailer({ outboxDir: config.outboxDir, from: config.mailFrom }),
    outboxMode: true,
    outboxDir: config.outboxDir,
    loadContext: createMessageContextLoader({
      warehouse: db,
      ops,
      sender: config.mailFrom,
      portalSecret: readOrCreateSecret(join(config.home, 'secret')),
      publicUrl: config.publicUrl,
    }),
  });
  const keys: string[] = [];
  for (const action of chosen) {
    const outcome = await deliverAction({ ops, channels, log: createSilentLog() }, action);
    keys.push(outcome.key);
  }
  const emails = chosen.flatMap((a, i) => (a.channel === 'email' ? [keys[i]!] : []));
  if (emails[0])
    await markDunningLog(ops, emails[0], 'ambiguous', { review: 'seeded: the send may have happened' });
  if (emails[1]) await markDunningLog(ops, emails[1], 'failed', { error: 'seeded: 550 mailbox unavailable' });
  return keys;
}

/** Emails and letters first (they make outbox files), then calls, round robin, `count` in all. */
function pickSome(plan: PlannedAction[], count: number): PlannedAction[] {
  const by = (channel: string) => plan.filter((a) => a.channel === channel);
  const queues = [by('email'), by('letter'), by('call')];
  const chosen: PlannedAction[] = [];
  while (chosen.length < count && queues.some((q) => q.length > 0))
    for (const q of queues) if (q.length > 0 && chosen.length < count) chosen.push(q.shift()!);
  return chosen;
}
