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

/** Every user, by email; without password hashes. */
export function listUsers(db: OpsDb): Promise<Omit<User, 'password_hash'>[]> {
  return db
    .selectFrom('ops.users')
    .select(['id', 'email', 'name', 'role', 'disabled', 'created_at'])
    .orderBy('email')
    .execute();
}

/** Changes name, role, disabled or password hash; returns the row before and after, or undefined for no such user. */
export async function updateUser(
  db: OpsDb,
  id: number,
  change: Partial<Pick<User, 'name' | 'role' | 'disabled' | 'password_hash'>>,
): Promise<{ before: User; after: User } | undefined> {
  const before = await findUserById(db, id);
  if (!before) return undefined;
  if (change.role !== undefined && !USER_ROLES.includes(change.role)) {
    throw new EncoursError('bad_input', `role must be one of ${USER_ROLES.join(', ')}, got "${change.role}"`);
  }
  if (Object.keys(change).length === 0) return { before, after: before };
  // no RETURNING: DuckDB refuses UPDATE … RETURNING on a row other tables reference (tokens, sessions, comments)
  await db.updateTable('ops.users').set(change).where('id', '=', id).execute();
  return { before, after: (await findUserById(db, id))! };
}
