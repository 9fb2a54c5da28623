import { Context } from '@temporalio/activity';
import type { Mailer } from '../../api/routes/support/mailer.js';
import type { Log } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { listUsers } from '../../warehouse/ops/users.queries.js';
import { buildDigest } from '../../warehouse/scope/digest.js';

export interface DigestDeps {
  db: Warehouse;
  ops: OpsDb;
  mailer: Mailer;
  log: Log;
}

export interface DigestRun {
  users: number;
  sent: number;
  failed: { email: string; error: string }[];
}

/** The weekly cash-reporting digest: one email per active user, over that user's own scope. */
export function createDigestActivities(deps: DigestDeps) {
  return {
    async sendDigests(input: { asOf?: string; days?: number }): Promise<DigestRun> {
      const users = (await listUsers(deps.ops)).filter((u) => !u.disabled);
      // a retried attempt starts after the users the previous attempt finished (its heartbeat details)
      let next = 0;
      try {
        next = Number(Context.current().info.heartbeatDetails ?? 0) || 0;
      } catch {
        next = 0;
      }
      let sent = 0;
      const failed: DigestRun['failed'] = [];
      for (let i = next; i < users.length; i++) {
        const user = users[i]!;
        try {
          const digest = await buildDigest(deps.db, user, {
            ops: deps.ops,
            asOf: input.asOf,
            days: input.days,
          });
          await deps.mailer.send({ to: digest.to, subject: digest.subject, text: digest.text });
          sent += 1;
        } catch (error) {
          failed.push({ email: user.email, error: (error as Error).message });
          deps.log.warn({ err: error, user: user.email }, 'digest not sent');
        }
        heartbeat(i + 1);
      }
      deps.log.info({ users: users.length, sent, failed: failed.length }, 'digests sent');
      return { users: users.length, sent, failed };
    },
  };
}

function heartbeat(done: number): void {
  try {
    Context.current().heartbeat(done);
  } catch {
    // outside an activity (tests)
  }
}
