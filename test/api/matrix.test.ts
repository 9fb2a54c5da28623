import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PEOPLE, startTestApi, type TestApi } from './harness.js';

type Access = 'public' | 'self' | 'read' | 'write' | 'sql' | 'admin';
type Role = 'admin' | 'user' | 'viewer' | 'analyst' | 'anonymous';

/** What each role may do — written out here, independently of api/auth/access.ts, so the two check each other. */
const MAY: Record<Role, Access[]> = {
  admin: ['public', 'self', 'read', 'write', 'sql', 'admin'],
  user: ['public', 'self', 'read', 'write'],
  viewer: ['public', 'self', 'read'],
  analyst: ['public', 'self', 'read', 'sql'],
  anonymous: ['public'],
};
const ROLES = Object.keys(MAY) as Role[];
/** Numbers the users and portfolios the matrix creates (each role's request makes a new one). */
let made = 0;

let api: TestApi;
let ctx: {
  promiseId: number;
  disputeId: number;
  otherUserId: number;
  portfolioId: number;
  notificationId: number;
  portal: string;
};

interface RouteCase {
  method: InjectOptions['method'];
  /** The route as registered (also the key in /api/docs). */
  route: string;
  access: Access;
  request: () => InjectOptions;
}

const get = (route: string, access: Access, url = route): RouteCase => ({
  method: 'GET',
  route,
  access,
  request: () => ({ method: 'GET', url }),
});
const send = (
  method: 'POST' | 'PUT' | 'PATCH',
  route: string,
  access: Access,
  url: () => string,
  payload?: () => unknown,
): RouteCase => ({
  method,
  route,
  access,
  request: () => ({ method, url: url(), ...(payload ? { payload: payload() as object } : {}) }),
});

const ROUTES: RouteCase[] = [
  get('/api/health', 'public'),
  get('/api/ready', 'public'),
  get('/api/docs', 'public'),
  send(
    'POST',
    '/api/auth/login',
    'public',
    () => '/api/auth/login',
    () => ({ email: PEOPLE.admin.email, password: PASSWORD }),
  ),
  send('POST', '/api/auth/logout', 'self', () => '/api/auth/logout'),
  get('/api/auth/me', 'self'),
  get('/api/kpi', 'read'),
  get('/api/aging', 'read'),
  get('/api/kpi/trend', 'read'),
  get('/api/customers', 'read'),
  get('/api/customers/:id', 'read', '/api/customers/K1'),
  get('/api/customers/:id/comments', 'read', '/api/customers/K1/comments'),
  send(
    'POST',
    '/api/customers/:id/comments',
    'write',
    () => '/api/customers/K1/comments',
    () => ({ body: 'matrix' }),
  ),
  get('/api/customers/:id/promises', 'read', '/api/customers/K1/promises'),
  send(
    'POST',
    '/api/customers/:id/promises',
    'write',
    () => '/api/customers/K2/promises',
    () => ({ amount: '100.00', date: '2025-07-20' }),
  ),
  send(
    'PATCH',
    '/api/promises/:id',
    'write',
    () => `/api/promises/${ctx.promiseId}`,
    () => ({ status: 'kept' }),
  ),
  get('/api/customers/:id/disputes', 'read', '/api/customers/K1/disputes'),
  send(
    'POST',
    '/api/customers/:id/disputes',
    'write',
    () => '/api/customers/K5/disputes',
    () => ({ documentId: 'C1-INV-0037', reason: 'wrong price' }),
  ),
  send(
    'POST',
    '/api/disputes/:id/resolve',
    'write',
    () => `/api/disputes/${ctx.disputeId}/resolve`,
    () => ({ status: 'resolved' }),
  ),
  send(
    'PUT',
    '/api/customers/:id/credit',
    'write',
    () => '/api/customers/K3/credit',
    () => ({ hold: false }),
  ),
  send(
    'PUT',
    '/api/customers/:id/reminders',
    'write',
    () => '/api/customers/K3/reminders',
    () => ({ pausedUntil: null }),
  ),
  send(
    'POST',
    '/api/customers/:id/portal-link',
    'write',
    () => '/api/customers/K3/portal-link',
    () => ({ days: 7 }),
  ),
  get('/api/notifications', 'self'),
  send('POST', '/api/notifications/:id/read', 'self', () => `/api/notifications/${ctx.notificationId}/read`),
  send('POST', '/api/notifications/read-all', 'self', () => '/api/notifications/read-all'),
  get('/api/worklist', 'read'),
  send(
    'POST',
    '/api/worklist/calls/:id/done',
    'write',
    () => '/api/worklist/calls/999999/done',
    () => ({ outcome: 'promised to pay on Friday' }),
  ),
  get('/api/risk', 'read'),
  get('/api/forecast', 'read'),
  get('/api/risk/migration', 'read'),
  get('/api/alerts', 'read', '/api/alerts?asOf=2025-06-30&agency=North'),
  get('/api/filters', 'read'),
  get('/api/forecast/actuals', 'read', '/api/forecast/actuals?asOf=2025-04-30'),
  send(
    'PUT',
    '/api/customers/:id/risk-class',
    'write',
    () => '/api/customers/K3/risk-class',
    () => ({ riskClass: 'D', reason: 'matrix' }),
  ),
  get('/api/users', 'admin'),
  send(
    'POST',
    '/api/users',
    'admin',
    () => '/api/users',
    () => ({ email: `new-${++made}@example.com`, role: 'viewer' }),
  ),
  send(
    'PATCH',
    '/api/users/:id',
    'admin',
    () => `/api/users/${ctx.otherUserId}`,
    () => ({ name: 'Renamed' }),
  ),
  get('/api/users/:id/scopes', 'admin', '/api/users/1/scopes'),
  send(
    'PUT',
    '/api/users/:id/scopes',
    'admin',
    () => `/api/users/${ctx.otherUserId}/scopes`,
    () => ({ grants: [{ agency: 'West' }] }),
  ),
  send('POST', '/api/users/:id/tokens', 'admin', () => `/api/users/${ctx.otherUserId}/tokens`),
  get('/api/portfolios', 'admin'),
  send(
    'POST',
    '/api/portfolios',
    'admin',
    () => '/api/portfolios',
    () => ({ name: `p-${++made}` }),
  ),
  get('/api/portfolios/:id', 'admin', '/api/portfolios/1'),
  send(
    'PUT',
    '/api/portfolios/:id/customers',
    'admin',
    () => `/api/portfolios/${ctx.portfolioId}/customers`,
    () => ({ customerIds: ['K5'] }),
  ),
  get('/api/audit', 'admin'),
  get('/api/payment-details', 'admin'),
  get('/api/companies', 'admin'),
  get('/api/sources', 'admin'),
  send(
    'PUT',
    '/api/companies/:id/payment-details',
    'admin',
    () => '/api/companies/C1/payment-details',
    () => ({ beneficiary: 'Main SA', iban: 'FR7630006000011234567890189' }),
  ),
  get('/api/dunning/scenarios', 'read'),
  get('/api/dunning/scenarios/:id', 'read', '/api/dunning/scenarios/standard'),
  send(
    'PUT',
    '/api/dunning/scenarios/:id',
    'admin',
    () => '/api/dunning/scenarios/matrix',
    () => ({
      name: 'Matrix',
      min_gap_days: 3,
      promise_grace_days: 2,
      steps: [
        { id: 'j+3', phase: 'reminder', offset_days: 3, channel: 'email', template: 'reminder_friendly' },
      ],
    }),
  ),
  get('/api/dunning/rules', 'admin'),
  send(
    'PUT',
    '/api/dunning/rules',
    'admin',
    () => '/api/dunning/rules',
    () => [{ id: 'fallback', priority: 1000, scenario_id: 'standard' }],
  ),
  send(
    'PUT',
    '/api/customers/:id/scenario',
    'write',
    () => '/api/customers/K2/scenario',
    () => ({ scenarioId: null }),
  ),
  get('/api/dunning/plan', 'read', '/api/dunning/plan?asOf=2025-06-30'),
  get('/api/dunning/log', 'read', '/api/dunning/log?limit=10'),
  get('/api/dunning/outbox', 'write'),
  get('/api/dunning/outbox/:name', 'write', '/api/dunning/outbox/none-000000000000.eml'),
  send(
    'POST',
    '/api/dunning/preview',
    'write',
    () => '/api/dunning/preview',
    () => ({ customer_id: 'K1', company_id: 'C1' }),
  ),
  get(
    '/api/dunning/preview.pdf',
    'write',
    '/api/dunning/preview.pdf?customer_id=K3&company_id=C1&scenario=standard&step=j%2B30',
  ),
  get('/api/dunning/controls', 'read'),
  send(
    'PUT',
    '/api/dunning/controls',
    'admin',
    () => '/api/dunning/controls',
    () => ({ max_messages_per_run: 500 }),
  ),
  send(
    'POST',
    '/api/sql',
    'sql',
    () => '/api/sql',
    () => ({ sql: 'select count(*) as n from core.customers' }),
  ),
  {
    method: 'GET',
    route: '/api/portal/:token',
    access: 'public',
    request: () => ({ method: 'GET', url: `/api/portal/${ctx.portal}` }),
  },
  {
    method: 'GET',
    route: '/api/portal/:token/invoices/:companyId/:documentId',
    access: 'public',
    request: () => ({ method: 'GET', url: `/api/portal/${ctx.portal}/invoices/C1/C1-INV-0021` }),
  },
  send(
    'POST',
    '/api/portal/:token/promises',
    'public',
    () => `/api/portal/${ctx.portal}/promises`,
    () => ({ amount: '10.00', date: '2025-07-30', companyId: 'C2' }),
  ),
  send(
    'POST',
    '/api/portal/:token/disputes',
    'public',
    () => `/api/portal/${ctx.portal}/disputes`,
    () => ({ documentId: 'C1-INV-0021', reason: 'not delivered' }),
  ),
  {
    method: 'GET',
    route: '/portal/:token',
    access: 'public',
    request: () => ({ method: 'GET', url: `/portal/${ctx.portal}` }),
  },
  {
    method: 'POST',
    route: '/portal/:token/:action',
    access: 'public',
    request: () => ({
      method: 'POST',
      url: `/portal/${ctx.portal}/promise`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'amount=5.00&date=2025-07-31&companyId=C1',
    }),
  },
];

beforeAll(async () => {
  api = await startTestApi();
  const json = async (options: InjectOptions) => (await api.as('admin', options)).json();
  const promise = await json({
    method: 'POST',
    url: '/api/customers/K1/promises',
    payload: { amount: '500.00', date: '2025-07-15', companyId: 'C1' },
  });
  const dispute = await json({
    method: 'POST',
    url: '/api/customers/K1/disputes',
    payload: { documentId: 'C1-INV-0001', reason: 'damaged goods' },
  });
  const other = await json({
    method: 'POST',
    url: '/api/users',
    payload: { email: 'other@example.com', role: 'viewer' },
  });
  const portfolio = await json({ method: 'POST', url: '/api/portfolios', payload: { name: 'Matrix' } });
  await api.as('admin', {
    method: 'POST',
    url: '/api/customers/K1/comments',
    payload: { body: 'hello @uma' },
  });
  const notification = await api.as('user', { method: 'GET', url: '/api/notifications' });
  const link = await json({ method: 'POST', url: '/api/customers/K3/portal-link', payload: {} });
  ctx = {
    promiseId: promise.id,
    disputeId: dispute.id,
    otherUserId: other.id,
    portfolioId: portfolio.id,
    notificationId: notification.json().items[0].id,
    portal: link.token,
  };
});
afterAll(() => api.close());

describe('role x route matrix', () => {
  it('covers every route the app registers, with the access level the OpenAPI document declares', async () => {
    const doc = (await api.app.inject({ method: 'GET', url: '/api/docs' })).json() as {
      paths: Record<string, Record<string, { 'x-encours-access': string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) =>
          `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')} ${op['x-encours-access']}`,
      ),
    );
    const tested = ROUTES.filter((r) => r.route.startsWith('/api/')).map(
      (r) => `${r.method} ${r.route} ${r.access}`,
    );
    expect(tested.sort()).toEqual(documented.sort());
    for (const r of ROUTES)
      expect(api.app.hasRoute({ method: r.method!, url: r.route }), `${r.method} ${r.route}`).toBe(true);
  });

  for (const route of ROUTES) {
    it.each(ROLES)(`${route.method} ${route.route} (${route.access}) as %s`, async (role) => {
      const response = await api.as(role === 'anonymous' ? 'anonymous' : role, route.request());
      const allowed = MAY[role].includes(route.access);
      if (allowed) {
        // past access control, and with valid input (409/404 are fine: earlier roles may have changed the state)
        expect([400, 401, 403], `${role}: ${response.body.slice(0, 300)}`).not.toContain(response.statusCode);
        expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
      } else {
        expect(response.statusCode).toBe(role === 'anonymous' ? 401 : 403);
        expect(response.json().message).toMatch(role === 'anonymous' ? /sign in/ : /role cannot/);
      }
    });
  }
});
