import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/** One grant per row; null columns do not restrict. A user with no row is limited only by their role. */
export interface UserScopesTable {
  id: Generated<number>;
  user_id: number;
  portfolio_id: number | null;
  company_id: string | null;
  agency: string | null;
}

export type UserScope = Selectable<UserScopesTable>;
export type NewUserScope = Insertable<UserScopesTable>;
export type UserScopeUpdate = Updateable<UserScopesTable>;
