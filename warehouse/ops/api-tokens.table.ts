import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** Bearer tokens for API clients; only a hash of the token is stored. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  token_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
}

export type ApiToken = Selectable<ApiTokensTable>;
export type NewApiToken = Insertable<ApiTokensTable>;
export type ApiTokenUpdate = Updateable<ApiTokensTable>;
