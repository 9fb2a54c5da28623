import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  /** mention | credit_hold | promise_due | dispute | … */
  kind: string;
  /** What it is about (comment, customer, promise, dispute …) and its id. */
  entity: string;
  entity_id: string;
  message: string;
  created_at: Generated<Date>;
  read_at: Date | null;
}

export type Notification = Selectable<NotificationsTable>;
export type NewNotification = Insertable<NotificationsTable>;
export type NotificationUpdate = Updateable<NotificationsTable>;
