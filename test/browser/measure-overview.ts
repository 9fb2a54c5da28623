// Time to interactive of the overview on a big warehouse (issue 7): not a test, a measurement.
//   npx tsx test/browser/measure-overview.ts [invoices=1000000] [customers=20000]
// Generates and imports a ledger into a temporary ENCOURS_HOME, materialises a year of daily KPI snapshots, serves it
// with buildApp and the built dashboard, signs in, then loads the overview in Debian's chromium several times and
// prints how long until every KPI tile shows its value and the aged-balance and DSO charts are drawn.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../api/app.js';
import { hashPassword } from '../../api/auth/passwords.js';
import { loadConfig } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { launchChromium } from './browser.js';
import { DASHBOARD_BUILD, ensureDashboardBuilt } from './build.js';

const invoices = Number(process.argv[2] ?? 1_000_000);
const customers = Number(process.argv[3] ?? 20_000);
const END = '2026-06-30';
const say = (text: string) => process.stdout.write(`${text}\n`);

const home = mkdtempSync(join(tmpdir(), 'encours-tti-'));
try {
  await ensureDashboardBuilt();
  const config = loadConfig({ ENCOURS_HOME: home, HOME: home });
  const db = await openWarehouse(config);
  let started = Date.now();
  await generateLedger({
    outDir: join(home, 'ledger'),
    customers,
    invoices,
    seed: 7,
    companies: 3,
    currencies: ['EUR', 'USD'],
    endDate: END,
  });
  say(
    `generated ${invoices} invoices, ${customers} customers in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  started = Date.now();
  await importCanonical(db, join(home, 'ledger'));
  say(`imported in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  started = Date.now();
  const end = Date.parse(`${END}T00:00:00Z`);
  await materializeKpiSnapshots(
    db,
    Array.from({ length: 365 }, (_, i) => new Date(end - (364 - i) * 86_400_000).toISOString().slice(0, 10)),
  );
  say(`365 daily KPI snapshots in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const ops = createOpsDb(db);
  await insertUser(ops, {
    email: 'cfo@example.com',
    name: 'CFO',
    role: 'admin',
    password_hash: await hashPassword('correct horse battery'),
  });
  const app = await buildApp({
    db,
    config,
    log: createSilentLog(),
    version: 'tti',
    dashboardDir: DASHBOARD_BUILD,
    access: { ops },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  const browser = await launchChromium();
  const context = await browser.newContext({
    baseURL: url,
    viewport: { width: 1366, height: 860 },
    locale: 'fr-FR',
  });
  await context.request.post('/api/auth/login', {
    data: { email: 'cfo@example.com', password: 'correct horse battery' },
  });
  const page = await context.newPage();
  const apiTimes = new Map<string, number[]>();
  page.on('requestfinished', (request) => {
    const path = new URL(request.url()).pathname;
    if (!path.startsWith('/api/')) return;
    const timing = request.timing();
    apiTimes.set(path, [...(apiTimes.get(path) ?? []), Math.round(timing.responseEnd)]);
  });
  const runs: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const t0 = Date.now();
    await page.goto('/', { waitUntil: 'commit' });
    await page.waitForFunction(
      () => {
        const tiles = document.querySelectorAll('[data-kpi]');
        return (
          tiles.length === 8 &&
          document.querySelector('[data-chart="aging"] svg[aria-label]') &&
          document.querySelector('[data-chart="dso-trend"] svg[aria-label]')
        );
      },
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    runs.push(Date.now() - t0);
  }
  say(
    `overview time to interactive (tiles + aged balance + DSO trend), ms: ${runs.join(', ')} (first is cold)`,
  );
  for (const [path, times] of apiTimes) say(`  ${path}: ${times.join(', ')} ms`);
  await browser.close();
  await app.close();
  await ops.destroy();
  db.close();
} finally {
  rmSync(home, { recursive: true, force: true });
}
