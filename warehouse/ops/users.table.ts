import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const USER_ROLES = ['admin', 'user', 'viewer', 'analyst'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UsersTable {
  id: Generated<number>;
  /** Lower-case, unique. */
  email: string;
  name: string;
  role: UserRole;
  /** scrypt hash; null until a password is set. */
  password_hash: string | null;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
