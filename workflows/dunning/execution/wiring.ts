import type { Config } from '../../../lib/config.js';
import type { Log } from '../../../lib/log.js';
import type { Warehouse } from '../../../warehouse/db.js';
import { createOpsDb } from '../../../warehouse/ops/database.js';
import type { CollectionDeps } from '../../collection/activities.js';
import { join } from 'node:path';
import { readOrCreateSecret } from '../../../api/portal/signing.js';
import { createMessageContextLoader } from '../channels/load-message-context.js';
import { createDunningMailer } from '../channels/mailer.js';
import { createDeliveryChannels } from './channels.js';

/**
 * The reminder engine's dependencies for one process: the ops tables on the process's warehouse, the mailer
 * (SMTP_URL, else .eml files in the outbox) and the three channels. `close()` before closing the warehouse.
 */
export function createCollectionDeps(input: {
  db: Warehouse;
  config: Config;
  log: Log;
}): CollectionDeps & { close(): Promise<void> } {
  const { db, config, log } = input;
  const ops = createOpsDb(db);
  const mailer = createDunningMailer({
    smtpUrl: config.smtpUrl,
    outboxDir: config.outboxDir,
    from: config.mailFrom,
  });
  const channels = createDeliveryChannels({
    ops,
    mailer,
    outboxMode: !config.smtpUrl,
    outboxDir: config.outboxDir,
    loadContext: createMessageContextLoader({
      warehouse: db,
      ops,
      sender: config.mailFrom,
      // the secret the API signs portal links with ($ENCOURS_HOME/secret, see api/routes/support/services.ts)
      portalSecret: readOrCreateSecret(join(config.home, 'secret')),
      publicUrl: config.publicUrl,
      latePenaltyRate: config.latePenaltyRate,
    }),
  });
  return { db, ops, channels, log, close: () => ops.destroy() };
}
