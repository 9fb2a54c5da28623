import type { ApiToken } from './api-tokens.table.js';
import type { OpsDb } from './database.js';
import type { User } from './users.table.js';

/** Stores the hash of a new bearer token (the token itself is shown once and never stored). */
export function insertApiToken(db: OpsDb, userId: number, tokenHash: string): Promise<ApiToken> {
  return db
    .insertInto('ops.api_tokens')
    .values({ user_id: userId, token_hash: tokenHash, last_used_at: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The user a token hash belongs to, with the token row; undefined for an unknown token. */
export async function findUserByTokenHash(
  db: OpsDb,
  tokenHash: string,
): Promise<{ user: User; tokenId: number; lastUsedAt: Date | null } | undefined> {
  const row = await db
    .selectFrom('ops.api_tokens as t')
    .innerJoin('ops.users as u', 'u.id', 't.user_id')
    .selectAll('u')
    .select(['t.id as token_id', 't.last_used_at as token_last_used_at'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return undefined;
  const { token_id: tokenId, token_last_used_at: lastUsedAt, ...user } = row;
  return { user, tokenId, lastUsedAt };
}

/** Records when a token was last used (callers throttle it: concurrent updates of one row conflict in DuckDB). */
export async function touchApiToken(db: OpsDb, tokenId: number, at: Date): Promise<void> {
  await db.updateTable('ops.api_tokens').set({ last_used_at: at }).where('id', '=', tokenId).execute();
}

/** Revokes every token of a user; returns how many there were. */
export async function deleteUserTokens(db: OpsDb, userId: number): Promise<number> {
  const result = await db.deleteFrom('ops.api_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export async function countUserTokens(db: OpsDb, userId: number): Promise<number> {
  const row = await db
    .selectFrom('ops.api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
