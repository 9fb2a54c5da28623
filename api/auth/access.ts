import type { UserRole } from '../../warehouse/ops/users.table.js';
import type { User } from '../../warehouse/ops/users.table.js';
import type { AccessScope } from '../../warehouse/scope/access-scope.js';

/**
 * What a route needs (its `config.access`):
 *   public  anyone (health, login, OpenAPI, the portal which checks its own signed link)
 *   self    any signed-in user, about themselves (notifications, logout, me)
 *   read    any signed-in user, within their scope
 *   write   admin and user, within their scope
 *   sql     admin and analyst (the SQL sandbox)
 *   admin   admin only (users, portfolios, audit, settings)
 * A route under /api/ that declares nothing needs `read`.
 */
export const ACCESS_LEVELS = ['public', 'self', 'read', 'write', 'sql', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

const ROLE_ACCESS: Record<UserRole, readonly Access[]> = {
  admin: ['public', 'self', 'read', 'write', 'sql', 'admin'],
  user: ['public', 'self', 'read', 'write'],
  viewer: ['public', 'self', 'read'],
  analyst: ['public', 'self', 'read', 'sql'],
};

export function roleAllows(role: UserRole, access: Access): boolean {
  return ROLE_ACCESS[role].includes(access);
}

/** Who is calling: the user (without password hash), their scope, and how they signed in. */
export interface Principal {
  user: Omit<User, 'password_hash'>;
  scope: AccessScope;
  via: 'session' | 'token';
  /** Cookie sessions only: the token hash (to log out) and the CSRF token writes must echo. */
  session?: { tokenHash: string; csrfToken: string; expiresAt: Date };
}

/** The audit log's name for a principal. */
export function actorOf(principal: Principal): string {
  return `user:${principal.user.id}`;
}

/** The access a route needs when it declares none. */
export function defaultAccess(url: string): Access {
  if (url === '/api/health' || url === '/api/ready') return 'public';
  return url.startsWith('/api/') ? 'read' : 'public';
}
