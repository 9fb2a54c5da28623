import type { Generated, Insertable, Selectable } from 'kysely';

/** Browser sessions (migration 600): only a SHA-256 of the session token is stored. */
export interface SessionsTable {
  token_hash: string;
  user_id: number;
  /** Compared with the X-CSRF-Token header of every cookie-authenticated write. */
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Date | null;
}

export type Session = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
