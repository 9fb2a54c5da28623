// The clients of the `apiLoad` benchmark phase, in a process of their own so that they do not share the server's
// event loop: `clients` concurrent loops, each with its bearer token, cycling through the routes for `seconds`, then
// waiting for the requests in flight. Prints one JSON line: latencies per role and route, statuses, requests/s, CPU.
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

const plan = JSON.parse(process.argv[2] ?? '{}') as LoadPlan;
const samples = new Map<string, { ms: number[]; statuses: Record<string, number> }>();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const stopAt = started + plan.seconds * 1000;
let completed = 0;

await Promise.all(plan.clients.map((client, i) => runClient(client, i)));
const wallSeconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  JSON.stringify({
    wallSeconds,
    requests: completed,
    requestsPerSecond: completed / wallSeconds,
    clientCpuSeconds: (cpu.user + cpu.system) / 1e6,
    routes: Object.fromEntries([...samples].map(([key, s]) => [key, { ...summarise(s.ms), statuses: s.statuses }])),
  }) + '\n',
);

async function runClient(client: Client, index: number): Promise<void> {
  for (let n = index; performance.now() < stopAt; n++) {
    const route = plan.routes[n % plan.routes.length]!;
    const path = route.replace(':id', () => client.customers[n % client.customers.length]!);
    const t = performance.now();
    let status: string;
    try {
      const response = await fetch(plan.url + path, {
        headers: { authorization: `Bearer ${client.token}` },
        signal: AbortSignal.timeout(plan.timeoutMs),
      });
      await response.arrayBuffer();
      status = String(response.status);
    } catch (error) {
      status = (error as Error).name === 'TimeoutError' ? 'timeout' : 'error';
    }
    record(`${client.role} ${route.split('?')[0]}`, performance.now() - t, status);
    completed++;
  }
}

function record(key: string, ms: number, status: string): void {
  let s = samples.get(key);
  if (!s) samples.set(key, (s = { ms: [], statuses: {} }));
  s.ms.push(ms);
  s.statuses[status] = (s.statuses[status] ?? 0) + 1;
}

function summarise(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number } {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return { n: ms.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: Math.round(sorted.at(-1) ?? 0) };
}
