import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, PEOPLE, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
let base: string;

beforeAll(async () => {
  api = await startTestApi();
  base = await api.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => api.close());

describe('over a real listening socket', () => {
  it('signs in with cookies, reads in scope, writes with the CSRF header, exports Arrow, signs out', async () => {
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: PEOPLE.sam.email, password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    expect(login.headers.get('x-content-type-options')).toBe('nosniff');

    const list = await fetch(`${base}/api/customers?sort=-net_ar`, { headers: { cookie } });
    const body = (await list.json()) as { items: { customer_id: string }[]; total: number };
    expect(body.total).toBe(2);
    expect(body.items.map((c) => c.customer_id).sort()).toEqual(['K1', 'K2']);
    expect((await fetch(`${base}/api/customers/K4`, { headers: { cookie } })).status).toBe(404);

    const noCsrf = await fetch(`${base}/api/customers/K1/comments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{"body":"hi"}',
    });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await fetch(`${base}/api/customers/K1/comments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', 'x-csrf-token': csrfToken },
      body: JSON.stringify({ body: 'spoke to accounts payable' }),
    });
    expect(withCsrf.status).toBe(201);

    const arrow = await fetch(`${base}/api/customers`, {
      headers: { cookie, accept: 'application/vnd.apache.arrow.stream' },
    });
    expect(tableFromIPC(new Uint8Array(await arrow.arrayBuffer())).numRows).toBe(2);

    const csv = await fetch(`${base}/api/sql`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.tokens.analyst}`,
        'content-type': 'application/json',
        accept: 'text/csv',
      },
      body: JSON.stringify({ sql: 'select customer_id from core.customers order by 1' }),
    });
    expect(await csv.text()).toBe('customer_id\nK1\nK2\nK3\nK4\nK5\n');

    const out = await fetch(`${base}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrfToken },
    });
    expect(out.status).toBe(204);
    expect((await fetch(`${base}/api/customers`, { headers: { cookie } })).status).toBe(401);
  });
});

describe('under concurrency', () => {
  it('20 parallel requests with one token all succeed (KPIs, list, card) and read the same figures', async () => {
    const urls = ['/api/kpi', '/api/customers?limit=5', '/api/customers/K1', '/api/kpi/trend'];
    for (const person of ['admin', 'sam'] as const) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          fetch(`${base}${urls[i % urls.length]}`, {
            headers: { authorization: `Bearer ${api.tokens[person]}` },
          }),
        ),
      );
      const bodies = await Promise.all(responses.map((r) => r.text()));
      expect(
        responses.map((r) => r.status),
        bodies.find((b, i) => responses[i]!.status !== 200),
      ).toEqual(Array(20).fill(200));
      for (let i = urls.length; i < 20; i++) expect(bodies[i]).toBe(bodies[i % urls.length]);
    }
  });
});
