// The clients of the `apiLoad` benchmark phase, in a process of their own so that they do not share the server's
// event loop: autocannon (the HTTP load tool), one instance per kind of client (its bearer token, its connections),
// every connection cycling through the routes for `seconds`. Latencies are autocannon's, kept per kind of client and
// route. Prints one JSON line: latencies per role and route, statuses, requests/s, CPU.
import { createRequire } from 'node:module';
import autocannon from 'autocannon';
import { summariseLatencies } from './latency.js';

interface Client {
  role: string;
  token: string;
  /** Customers this client may open (/api/customers/:id). */
  customers: string[];
}

interface LoadPlan {
  url: string;
  seconds: number;
  clients: Client[];
  routes: string[];
  /** Per request; a request still running after it counts as a timeout. */
  timeoutMs: number;
}

/** The part of autocannon's per-connection client the 'response' event hands over: which request it answered. */
interface ConnectionClient {
  requestIterator: { currentRequestIndex: number };
}

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const samples = new Map<string, { ms: number[]; statuses: Record<string, number> }>();
const cpuBefore = process.cpuUsage();
const started = performance.now();

// the clients of one role share a token and a list of customers: one autocannon instance with as many connections
const roles = [...new Set(plan.clients.map((c) => c.role))].map((role) => {
  const clients = plan.clients.filter((c) => c.role === role);
  return { role, token: clients[0]!.token, customers: clients[0]!.customers, connections: clients.length };
});
const results = await Promise.all(roles.map((r) => runRole(r)));
const wallSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const completed = results.reduce((n, r) => n + r.requests.total, 0);
process.stdout.write(
  JSON.stringify({
    tool: `autocannon ${autocannonVersion()}`,
    wallSeconds,
    requests: completed,
    requestsPerSecond: completed / wallSeconds,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    errors: results.reduce((n, r) => n + r.errors, 0),
    timeouts: results.reduce((n, r) => n + r.timeouts, 0),
    routes: Object.fromEntries(
      [...samples].map(([key, s]) => [key, { ...summariseLatencies(s.ms), statuses: s.statuses }]),
    ),
  }) + '\n',
);

function runRole(r: {
  role: string;
  token: string;
  customers: string[];
  connections: number;
}): Promise<autocannon.Result> {
  let opened = 0;
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ([finish, fail] = [resolve, reject]));
  const options: autocannon.Options = {
    url: plan.url,
    connections: r.connections,
    duration: plan.seconds,
    timeout: Math.ceil(plan.timeoutMs / 1000),
    headers: { authorization: `Bearer ${r.token}` },
    // every card request of the role opens the next customer of one walk through its list, 7 apart (the same
    // sequence in every window; autocannon resets a connection's context at each pass over the routes, so the walk is
    // kept here, not in the context)
    requests: plan.routes.map((route) => ({
      method: 'GET' as const,
      path: route,
      setupRequest: (request: autocannon.Request) => {
        if (!route.includes(':id')) return { ...request, path: route };
        const next = (opened++ * 7) % r.customers.length;
        return { ...request, path: route.replace(':id', r.customers[next]!) };
      },
    })),
  };
  const instance = autocannon(options, (error, result) => (error ? fail(error) : finish(result)));
  const keyOf = (client: ConnectionClient) =>
    `${r.role} ${plan.routes[client.requestIterator.currentRequestIndex]!.split('?')[0]}`;
  // at run time the instance's 'response' event also names the connection (lib/run.js); its types leave it out
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (client: ConnectionClient, status: number, _bytes: number, ms: number) =>
      record(keyOf(client), ms, String(status)),
  );
  instance.on('reqError', (error: Error) => record(`${r.role} (errors)`, 0, error.name));
  return done;
}

function record(key: string, ms: number, status: string): void {
  let s = samples.get(key);
  if (!s) samples.set(key, (s = { ms: [], statuses: {} }));
  s.ms.push(ms);
  s.statuses[status] = (s.statuses[status] ?? 0) + 1;
}

function autocannonVersion(): string {
  return (createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version;
}
