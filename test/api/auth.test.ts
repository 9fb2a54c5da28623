import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { PASSWORD, PEOPLE, signIn, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
const HOUR = 3600_000;

beforeAll(async () => {
  api = await startTestApi({ loginAttempts: { max: 5, windowMs: 15 * 60_000 }, sessionTtlMs: 2 * HOUR });
});
afterAll(() => api.close());

describe('sign-in', () => {
  it('sets an httpOnly SameSite=Strict session cookie and a CSRF token, and audits the login', async () => {
    const { response, cookie, csrf } = await signIn(api, 'user');
    expect(response.statusCode).toBe(200);
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    const session = cookies.find((c) => c.startsWith('encours_session='))!;
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Strict/);
    expect(session).toMatch(/; Max-Age=7200/);
    expect(cookies.find((c) => c.startsWith('encours_csrf='))).not.toMatch(/HttpOnly/);
    expect(csrf).toMatch(/^csrf_/);
    expect(response.json().user).toEqual(expect.objectContaining({ email: PEOPLE.user.email, role: 'user' }));
    expect(response.json().user).not.toHaveProperty('password_hash');
    const me = await api.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json()).toMatchObject({
      via: 'session',
      user: { email: PEOPLE.user.email },
      scope: 'all customers',
    });
    const logins = await listAudit(api.ops, { entity: 'user', entityId: String(api.ids.user) });
    expect(logins.some((e) => e.action === 'login')).toBe(true);
  });

  it('refuses a wrong password and an unknown email alike', async () => {
    const wrong = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: PEOPLE.viewer.email, password: 'not the password' },
    });
    const unknown = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@example.com', password: PASSWORD },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('limits sign-in attempts per email: the sixth within the window is 429 with Retry-After', async () => {
    const attempt = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '10.0.0.9',
        payload: { email: PEOPLE.analyst.email, password: 'guess guess guess' },
      });
    for (let i = 0; i < 5; i++) expect((await attempt()).statusCode).toBe(401);
    const limited = await attempt();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // even the right password waits: the limit is checked before the password
    const right = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.10',
      payload: { email: PEOPLE.analyst.email, password: PASSWORD },
    });
    expect(right.statusCode).toBe(429);
    api.clock.now = new Date(api.clock.now.getTime() + 16 * 60_000);
    const later = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      remoteAddress: '10.0.0.10',
      payload: { email: PEOPLE.analyst.email, password: PASSWORD },
    });
    expect(later.statusCode).toBe(200);
  });

  it('a session expires after its lifetime', async () => {
    const { cookie } = await signIn(api, 'viewer');
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode,
    ).toBe(200);
    api.clock.now = new Date(api.clock.now.getTime() + 2 * HOUR + 1000);
    const expired = await api.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } });
    expect(expired.statusCode).toBe(401);
    expect(expired.json().message).toMatch(/session has expired; sign in again/);
    // the expired session is gone: the same cookie is now simply unknown
    const again = await api.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } });
    expect(again.json().message).toMatch(/not valid/);
  });

  it('logout ends the session', async () => {
    const { cookie, csrf } = await signIn(api, 'viewer');
    expect(
      (await api.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(403);
    expect(
      (
        await api.app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { cookie, 'x-csrf-token': csrf },
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode,
    ).toBe(401);
  });
});

describe('CSRF on cookie sessions', () => {
  const comment = (headers: Record<string, string>) =>
    api.app.inject({
      method: 'POST',
      url: '/api/customers/K1/comments',
      headers,
      payload: { body: 'called, will pay Friday' },
    });

  it('a write with the session cookie needs the X-CSRF-Token of that session', async () => {
    const { cookie, csrf } = await signIn(api, 'user');
    const other = await signIn(api, 'admin');
    expect((await comment({ cookie })).statusCode).toBe(403);
    expect((await comment({ cookie })).json().message).toMatch(/x-csrf-token/);
    expect((await comment({ cookie, 'x-csrf-token': 'csrf_forged' })).statusCode).toBe(403);
    expect((await comment({ cookie, 'x-csrf-token': other.csrf })).statusCode).toBe(403);
    expect((await comment({ cookie, 'x-csrf-token': csrf })).statusCode).toBe(201);
    // reads need no token
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/customers/K1/comments', headers: { cookie } }))
        .statusCode,
    ).toBe(200);
  });

  it('bearer tokens need no CSRF token (no ambient credential to forge)', async () => {
    expect(
      (
        await api.as('user', {
          method: 'POST',
          url: '/api/customers/K1/comments',
          payload: { body: 'by token' },
        })
      ).statusCode,
    ).toBe(201);
  });
});

describe('credentials', () => {
  it('an unknown or malformed bearer token is 401 and never falls back to the cookie', async () => {
    const { cookie } = await signIn(api, 'admin');
    const bad = await api.app.inject({
      method: 'GET',
      url: '/api/customers',
      headers: { cookie, authorization: 'Bearer enc_nope' },
    });
    expect(bad.statusCode).toBe(401);
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: '/api/customers',
          headers: { authorization: 'Basic abc' },
        })
      ).statusCode,
    ).toBe(401);
    expect((await api.app.inject({ method: 'GET', url: '/api/kpi' })).statusCode).toBe(401);
  });

  it('a disabled user is refused everywhere, sessions and tokens alike', async () => {
    const { cookie } = await signIn(api, 'viewer');
    const disable = await api.as('admin', {
      method: 'PATCH',
      url: `/api/users/${api.ids.viewer}`,
      payload: { disabled: true },
    });
    expect(disable.statusCode).toBe(200);
    expect(
      (await api.app.inject({ method: 'GET', url: '/api/customers', headers: { cookie } })).statusCode,
    ).toBe(401);
    expect((await api.as('viewer', { method: 'GET', url: '/api/customers' })).json().message).toMatch(
      /disabled/,
    );
    const login = await api.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: PEOPLE.viewer.email, password: PASSWORD },
    });
    expect(login.statusCode).toBe(401);
    await api.as('admin', {
      method: 'PATCH',
      url: `/api/users/${api.ids.viewer}`,
      payload: { disabled: false },
    });
    expect((await api.as('viewer', { method: 'GET', url: '/api/customers' })).statusCode).toBe(200);
  });

  it('public routes answer without credentials', async () => {
    expect((await api.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'GET', url: '/api/docs' })).statusCode).toBe(200);
  });
});
