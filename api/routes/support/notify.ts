import type { OpsDb } from '../../../warehouse/ops/database.js';
import { insertNotification } from '../../../warehouse/ops/collaboration.queries.js';
import { listUsers } from '../../../warehouse/ops/users.queries.js';
import type { User } from '../../../warehouse/ops/users.table.js';
import { loadAccessScope } from '../../../warehouse/scope/access-scope.js';
import { findCustomer } from '../../../warehouse/scope/customer-card.queries.js';
import { withScopedWarehouse } from '../../../warehouse/scope/scoped-session.js';
import type { MailMessage } from './mailer.js';
import type { ApiServices } from './services.js';

type Recipient = Pick<User, 'id' | 'email' | 'name' | 'role' | 'disabled'>;

/** `@ada@example.com`, or `@ada` when exactly one active user's email starts with "ada@". */
export async function resolveMentions(
  ops: OpsDb,
  body: string,
): Promise<{ users: Recipient[]; unknown: string[] }> {
  const handles = [
    ...new Set(
      [...body.matchAll(/(?<![\w@])@([\w.+-]+(?:@[\w-]+(?:\.[\w-]+)+)?)/g)].map((m) =>
        m[1]!.replace(/\.+$/, '').toLowerCase(),
      ),
    ),
  ];
  if (handles.length === 0) return { users: [], unknown: [] };
  const users = (await listUsers(ops)).filter((u) => !u.disabled);
  const found = new Map<number, Recipient>();
  const unknown: string[] = [];
  for (const handle of handles) {
    const matches = handle.includes('@')
      ? users.filter((u) => u.email === handle)
      : users.filter((u) => u.email.split('@')[0] === handle);
    if (matches.length === 1) found.set(matches[0]!.id, matches[0]!);
    else unknown.push(handle);
  }
  return { users: [...found.values()], unknown };
}

/** Whether a user's own scope shows the customer (nobody is told about a customer they cannot see). */
export async function canSeeCustomer(
  services: Pick<ApiServices, 'ops' | 'db'>,
  user: Pick<User, 'id' | 'role'>,
  customerId: string,
): Promise<boolean> {
  const scope = await loadAccessScope(services.ops, user);
  return withScopedWarehouse(
    services.db,
    scope,
    async (db) => (await findCustomer(db, customerId)) !== undefined,
  );
}

export interface Notice {
  kind: string;
  entity: string;
  entityId: string;
  message: string;
  subject: string;
}

/** Writes in-app notifications (inside the caller's transaction) and returns the emails to send once it commits. */
export async function notify(
  trx: OpsDb,
  recipients: readonly Recipient[],
  notice: Notice,
): Promise<MailMessage[]> {
  const mails: MailMessage[] = [];
  for (const user of recipients) {
    await insertNotification(trx, {
      user_id: user.id,
      kind: notice.kind,
      entity: notice.entity,
      entity_id: notice.entityId,
      message: notice.message,
    });
    mails.push({
      to: user.email,
      subject: notice.subject,
      text: `Hello ${user.name},\n\n${notice.message}\n\n— encours`,
    });
  }
  return mails;
}

/** Sends after commit; a failed email is logged, never undoes the change. */
export async function sendMails(
  services: Pick<ApiServices, 'mailer' | 'log'>,
  mails: readonly MailMessage[],
): Promise<void> {
  for (const mail of mails) {
    try {
      await services.mailer.send(mail);
    } catch (error) {
      services.log.warn({ err: error, to: mail.to, subject: mail.subject }, 'notification email not sent');
    }
  }
}
