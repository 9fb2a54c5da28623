import type { Comment, NewComment } from './comments.table.js';
import type { OpsDb } from './database.js';
import type { Notification, NewNotification } from './notifications.table.js';

export function insertComment(db: OpsDb, comment: Omit<NewComment, 'id' | 'created_at'>): Promise<Comment> {
  return db.insertInto('ops.comments').values(comment).returningAll().executeTakeFirstOrThrow();
}

/** A customer's comments, newest first, with the author's name and email. */
export function listCustomerComments(db: OpsDb, customerId: string, limit = 200) {
  return db
    .selectFrom('ops.comments as c')
    .innerJoin('ops.users as u', 'u.id', 'c.author_id')
    .selectAll('c')
    .select(['u.name as author_name', 'u.email as author_email'])
    .where('c.customer_id', '=', customerId)
    .orderBy('c.id', 'desc')
    .limit(limit)
    .execute();
}

export function insertNotification(
  db: OpsDb,
  notification: Omit<NewNotification, 'id' | 'created_at' | 'read_at'>,
): Promise<Notification> {
  return db
    .insertInto('ops.notifications')
    .values({ ...notification, read_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A user's notifications, newest first. */
export function listNotifications(
  db: OpsDb,
  userId: number,
  options: { unreadOnly?: boolean; limit?: number; beforeId?: number } = {},
) {
  let query = db.selectFrom('ops.notifications').selectAll().where('user_id', '=', userId);
  if (options.unreadOnly) query = query.where('read_at', 'is', null);
  if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
  return query
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(options.limit ?? 100, 1), 1000))
    .execute();
}

export async function countUnreadNotifications(db: OpsDb, userId: number): Promise<number> {
  const row = await db
    .selectFrom('ops.notifications')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks one of the user's notifications read; undefined when it is not theirs or does not exist. */
export async function markNotificationRead(
  db: OpsDb,
  userId: number,
  id: number,
  at: Date,
): Promise<Notification | undefined> {
  const existing = await db
    .selectFrom('ops.notifications')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!existing || existing.read_at !== null) return existing;
  return db
    .updateTable('ops.notifications')
    .set({ read_at: at })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks every unread notification of the user read; returns how many. */
export async function markAllNotificationsRead(db: OpsDb, userId: number, at: Date): Promise<number> {
  const result = await db
    .updateTable('ops.notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}
