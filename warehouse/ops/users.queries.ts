import { EncoursError } from '../../lib/errors.js';
import type { OpsDb } from './database.js';
import { USER_ROLES, type NewUser, type User } from './users.table.js';

/** Emails are compared and stored trimmed and lower-case. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Creates a user; a taken email is a 'conflict' error. */
export async function insertUser(db: OpsDb, user: Omit<NewUser, 'id' | 'created_at'>): Promise<User> {
  const email = normaliseEmail(user.email);
  if (!/^[^\s@]+@[^\s@]+$/.test(email))
    throw new EncoursError('bad_input', `"${user.email}" is not an email address`);
  if (!USER_ROLES.includes(user.role)) {
    throw new EncoursError('bad_input', `role must be one of ${USER_ROLES.join(', ')}, got "${user.role}"`);
  }
  const created = await db
    .insertInto('ops.users')
    .values({ ...user, email })
    .onConflict((oc) => oc.column('email').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!created) throw new EncoursError('conflict', `a user with email "${email}" already exists`);
  return created;
}

export function findUserByEmail(db: OpsDb, email: string): Promise<User | undefined> {
  return db.selectFrom('ops.users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
}

export function findUserById(db: OpsDb, id: number): Promise<User | undefined> {
  return db.selectFrom('ops.users').selectAll().where('id', '=', id).executeTakeFirst();
}
