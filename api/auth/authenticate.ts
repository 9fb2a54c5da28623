import { findUserByTokenHash, touchApiToken } from '../../warehouse/ops/api-tokens.queries.js';
import type { OpsDb } from '../../warehouse/ops/database.js';
import { deleteSession, findSession, insertSession } from '../../warehouse/ops/sessions.queries.js';
import { findUserByEmail } from '../../warehouse/ops/users.queries.js';
import type { User } from '../../warehouse/ops/users.table.js';
import { loadAccessScopeCached } from '../../warehouse/scope/access-scope.js';
import type { Principal } from './access.js';
import { SESSION_COOKIE, parseCookies } from './cookies.js';
import { verifyPassword } from './passwords.js';
import { createSecretToken, hashToken } from './secrets.js';

export interface SessionSettings {
  sessionTtlMs: number;
  now: () => Date;
}

/** Why a request carries no valid credentials (each becomes a 401 that says what to do). */
export type AuthFailure = 'none' | 'bad_token' | 'expired_session' | 'bad_session' | 'disabled';

/**
 * The principal of a request: `Authorization: Bearer <token>` (API clients), else the session cookie (browsers).
 * A bearer header that does not match is a failure, never a fall back to the cookie.
 */
export async function authenticate(
  ops: OpsDb,
  headers: { authorization?: string; cookie?: string },
  settings: SessionSettings,
): Promise<Principal | AuthFailure> {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '')?.[1];
  if (headers.authorization !== undefined) {
    if (!bearer) return 'bad_token';
    const found = await findUserByTokenHash(ops, hashToken(bearer));
    if (!found) return 'bad_token';
    if (found.user.disabled) return 'disabled';
    const now = settings.now();
    if (!found.lastUsedAt || now.getTime() - found.lastUsedAt.getTime() > 60_000) {
      // at most once a minute, and never failing the request: concurrent updates of one row conflict in DuckDB
      await touchApiToken(ops, found.tokenId, now).catch(() => undefined);
    }
    return {
      user: withoutHash(found.user),
      scope: await loadAccessScopeCached(ops, found.user),
      via: 'token',
    };
  }
  const token = parseCookies(headers.cookie).get(SESSION_COOKIE);
  if (!token) return 'none';
  const tokenHash = hashToken(token);
  const found = await findSession(ops, tokenHash);
  if (!found) return 'bad_session';
  if (found.session.expires_at.getTime() <= settings.now().getTime()) {
    await deleteSession(ops, tokenHash);
    return 'expired_session';
  }
  if (found.user.disabled) return 'disabled';
  return {
    user: withoutHash(found.user),
    scope: await loadAccessScopeCached(ops, found.user),
    via: 'session',
    session: { tokenHash, csrfToken: found.session.csrf_token, expiresAt: found.session.expires_at },
  };
}

export interface SignedIn {
  user: Omit<User, 'password_hash'>;
  /** The session cookie's value (shown once, stored hashed). */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Checks email and password (in constant time whether the user exists or not) and opens a session. */
export async function signIn(
  ops: OpsDb,
  email: string,
  password: string,
  settings: SessionSettings,
): Promise<SignedIn | undefined> {
  const user = await findUserByEmail(ops, email);
  const valid = await verifyPassword(password, user?.password_hash ?? null);
  if (!user || !valid || user.disabled) return undefined;
  const token = createSecretToken('ses');
  const csrfToken = createSecretToken('csrf');
  const expiresAt = new Date(settings.now().getTime() + settings.sessionTtlMs);
  await insertSession(ops, {
    token_hash: hashToken(token),
    user_id: user.id,
    csrf_token: csrfToken,
    expires_at: expiresAt,
  });
  return { user: withoutHash(user), token, csrfToken, expiresAt };
}

export function describeAuthFailure(failure: AuthFailure): string {
  switch (failure) {
    case 'none':
      return 'sign in first: POST /api/auth/login {email, password}, or send "Authorization: Bearer <token>" (encours user token --email …)';
    case 'bad_token':
      return 'the bearer token is not valid; create one with `encours user token --email …`';
    case 'expired_session':
      return 'the session has expired; sign in again (POST /api/auth/login)';
    case 'bad_session':
      return 'the session is not valid (signed out?); sign in again (POST /api/auth/login)';
    case 'disabled':
      return 'this account is disabled; ask an administrator';
  }
}

export function withoutHash(user: User): Omit<User, 'password_hash'> {
  const rest: Partial<User> = { ...user };
  delete rest.password_hash;
  return rest as Omit<User, 'password_hash'>;
}
