import { PASSWORD, startTestServer } from './server.js';
const server = await startTestServer();
const login = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: server.users.sales.email, password: PASSWORD }) });
const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
const paths = ['/api/kpi', '/api/aging?by=company', '/api/kpi/trend', '/api/forecast', '/api/customers?sort=-overdue&limit=5&filter=overdue%3Atrue', '/api/notifications?limit=1', '/api/auth/me', '/api/alerts'];
let failures = 0;
for (let round = 0; round < 6; round += 1) {
  const t0 = Date.now();
  const answers = []; for (const p of paths) answers.push({ p, r: await fetch(server.url + p, { headers: { cookie }, signal: AbortSignal.timeout(20000) }).catch((e) => ({ status: 599, text: async () => String(e) })) });
  console.log('round', round, Date.now() - t0, 'ms');
  for (const { p, r } of answers) if (r.status >= 500) { failures += 1; console.log(round, p, r.status, await r.text()); }
}
console.log('failures', failures);
await server.close();
