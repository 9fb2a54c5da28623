// Who is signed in, and what their role lets the interface offer. The API enforces every rule itself; the
// dashboard only hides what the role cannot use (api/auth/access.ts has the same table).
import { ApiError, getJson, isMissingRoute, sendJson, setCsrfToken } from './api.js';

export type Role = 'admin' | 'user' | 'viewer' | 'analyst';
export type Capability = 'read' | 'write' | 'sql' | 'admin';

export interface SessionUser {
  id: number;
  email: string;
  name: string;
  role: Role;
}

/** `open`: this server has no accounts yet (no /api/auth routes): pages open without signing in. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out' | 'open';

const ROLE_CAPABILITIES: Record<Role, readonly Capability[]> = {
  admin: ['read', 'write', 'sql', 'admin'],
  user: ['read', 'write'],
  viewer: ['read'],
  analyst: ['read', 'sql'],
};

const state = $state<{ status: SessionStatus; user: SessionUser | null }>({ status: 'unknown', user: null });

export const session = {
  get status() {
    return state.status;
  },
  get user() {
    return state.user;
  },
};

/** May the signed-in user use this? (In an open server: whatever the API offers.) */
export function can(capability: Capability): boolean {
  if (state.status === 'open') return true;
  const role = state.user?.role;
  return role !== undefined && ROLE_CAPABILITIES[role].includes(capability);
}

interface MeAnswer {
  user: SessionUser;
  csrfToken?: string;
}

/** Asks the API who the session belongs to. */
export async function loadSession(): Promise<SessionStatus> {
  try {
    const me = await getJson<MeAnswer | SessionUser>('/api/auth/me');
    state.user = 'user' in me ? me.user : me;
    if ('csrfToken' in me && me.csrfToken) setCsrfToken(me.csrfToken);
    state.status = 'signed-in';
  } catch (error) {
    if (isMissingRoute(error)) state.status = 'open';
    else if (error instanceof ApiError && error.kind === 'unauthenticated') state.status = 'signed-out';
    else throw error;
    state.user = null;
  }
  return state.status;
}

/** Signs in; the API sets the session cookie and answers the CSRF token writes must echo. */
export async function signIn(email: string, password: string): Promise<void> {
  const answer = await sendJson<{ user: SessionUser; csrfToken: string }>('POST', '/api/auth/login', {
    email,
    password,
  });
  setCsrfToken(answer.csrfToken);
  state.user = answer.user;
  state.status = 'signed-in';
}

export async function signOut(): Promise<void> {
  try {
    await sendJson('POST', '/api/auth/logout');
  } finally {
    forgetSession();
  }
}

/** The session is gone (expired, signed out elsewhere). */
export function forgetSession(): void {
  setCsrfToken(null);
  state.user = null;
  if (state.status !== 'open') state.status = 'signed-out';
}
