import type { OpsDb } from './database.js';
import type { NewSession, Session } from './sessions.table.js';
import type { User } from './users.table.js';

export function insertSession(
  db: OpsDb,
  session: Omit<NewSession, 'created_at' | 'last_seen_at'>,
): Promise<Session> {
  return db
    .insertInto('ops.sessions')
    .values({ ...session, last_seen_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A session and its user by token hash, whether expired or not (the caller decides). */
export async function findSession(
  db: OpsDb,
  tokenHash: string,
): Promise<{ session: Session; user: User } | undefined> {
  const session = await db
    .selectFrom('ops.sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!session) return undefined;
  const user = await db
    .selectFrom('ops.users')
    .selectAll()
    .where('id', '=', session.user_id)
    .executeTakeFirst();
  return user ? { session, user } : undefined;
}

export async function deleteSession(db: OpsDb, tokenHash: string): Promise<void> {
  await db.deleteFrom('ops.sessions').where('token_hash', '=', tokenHash).execute();
}

/** Ends every session of a user (disabled user, new password). */
export async function deleteUserSessions(db: OpsDb, userId: number): Promise<number> {
  const result = await db.deleteFrom('ops.sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function deleteExpiredSessions(db: OpsDb, now: Date): Promise<number> {
  const result = await db.deleteFrom('ops.sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
