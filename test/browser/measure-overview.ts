// Time to interactive of the overview on a big warehouse (issue 7): not a test, a measurement.
//   npx tsx test/browser/measure-overview.ts [invoices=1000000] [customers=20000] [home] [filters]
// `filters`: the overview's query string without '?', e.g. "agency=Lyon" or "portfolio=1" (portfolio "first" makes
// a portfolio of every 100th customer and uses it).
// With a `home` folder, the warehouse is kept there and reused by later runs (only the browser part runs again).
// Generates and imports a ledger into a temporary ENCOURS_HOME, materialises a year of daily KPI snapshots, trains and
// scores (the stored forecast, as after a nightly run), serves it
// with buildApp and the built dashboard, signs in, then loads the overview in Debian's chromium several times and
// prints how long until every KPI tile shows its value and the aged-balance and DSO charts are drawn.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../../api/app.js';
import { hashPassword } from '../../api/auth/passwords.js';
import { loadConfig } from '../../lib/config.js';
import { createSilentLog } from '../../lib/log.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { generateLedger } from '../../pipelines/generator/index.js';
import { materializeKpiSnapshots } from '../../warehouse/kpi/index.js';
import { scoreOpenInvoices } from '../../models/index.js';
import {
  insertPortfolio,
  listPortfolios,
  replacePortfolioCustomers,
} from '../../warehouse/ops/access.queries.js';
import { createOpsDb } from '../../warehouse/ops/database.js';
import { insertUser } from '../../warehouse/ops/users.queries.js';
import { openWarehouse } from '../../warehouse/warehouse.js';
import { launchChromium } from './browser.js';
import { DASHBOARD_BUILD, ensureDashboardBuilt } from './build.js';

const invoices = Number(process.argv[2] ?? 1_000_000);
const customers = Number(process.argv[3] ?? 20_000);
const END = '2026-06-30';
const say = (text: string) => process.stdout.write(`${text}\n`);

const kept = process.argv[4];
const home = kept ?? mkdtempSync(join(tmpdir(), 'encours-tti-'));
const ready = kept !== undefined && existsSync(join(home, 'ready'));
mkdirSync(home, { recursive: true });
try {
  await ensureDashboardBuilt();
  const config = loadConfig({ ENCOURS_HOME: home, HOME: home });
  const db = await openWarehouse(config);
  if (!ready) await buildWarehouse(db, config);
  const ops = createOpsDb(db);
  await ops.deleteFrom('ops.users').where('email', '=', 'cfo@example.com').execute();
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
  const filters = await resolveFilters(ops, db, process.argv[5] ?? '');
  say(`overview URL: /${filters ? `?${filters}` : ''}`);
  const runs: number[] = [];
  const complete: number[] = [];
  for (let i = 0; i < 4; i += 1) {
    const t0 = Date.now();
    await page.goto(`/${filters ? `?${filters}` : ''}`, { waitUntil: 'commit' });
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-kpi]').length === 8 &&
        document.querySelector('[data-chart="aging"] svg[aria-label]') &&
        document.querySelector('[data-chart="dso-trend"] svg[aria-label]'),
      undefined,
      { timeout: 120_000, polling: 50 },
    );
    runs.push(Date.now() - t0);
    // the rest of the page: the forecast (chart, or the notice saying why not) and the largest overdue customers
    await page.waitForFunction(
      () =>
        document.querySelector(
          '[data-chart="forecast"] svg[aria-label], [aria-labelledby="forecast-heading"] [data-state]:not([data-state="loading"])',
        ) && document.querySelector('[data-testid="largest-overdue"], .alerts > [data-state="error"]'),
      undefined,
      { timeout: 300_000, polling: 100 },
    );
    complete.push(Date.now() - t0);
  }
  say(
    `overview time to interactive (tiles + aged balance + DSO trend), ms: ${runs.join(', ')} (first is cold)`,
  );
  say(`overview complete (forecast and largest overdue too), ms: ${complete.join(', ')}`);
  for (const [path, times] of apiTimes) say(`  ${path}: ${times.join(', ')} ms`);
  await browser.close();
  await app.close();
  await ops.destroy();
  db.close();
} finally {
  if (!kept) rmSync(home, { recursive: true, force: true });
}

/** The filters' query string; `portfolio=first` becomes a portfolio of every 100th customer (made once). */
async function resolveFilters(
  ops: ReturnType<typeof createOpsDb>,
  db: Awaited<ReturnType<typeof openWarehouse>>,
  text: string,
): Promise<string> {
  const params = new URLSearchParams(text);
  if (params.get('portfolio') === 'first') {
    const existing = (await listPortfolios(ops)).find((p) => p.name === 'TTI');
    const portfolio = existing ?? (await insertPortfolio(ops, 'TTI'));
    const customers = await db.all<{ customer_id: string }>(
      'select customer_id from core.customers order by customer_id',
    );
    await replacePortfolioCustomers(
      ops,
      portfolio.id,
      customers.filter((_, i) => i % 100 === 0).map((c) => c.customer_id),
    );
    params.set('portfolio', String(portfolio.id));
  }
  return params.toString();
}

async function buildWarehouse(
  db: Awaited<ReturnType<typeof openWarehouse>>,
  config: ReturnType<typeof loadConfig>,
): Promise<void> {
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
  // as the nightly's score stage does: a first model, then the scores and the stored 13-week forecast
  started = Date.now();
  const scored = await scoreOpenInvoices(db, {
    modelsDir: config.modelsDir,
    reportingCurrency: config.reportingCurrency,
    asOf: END,
    ifNoModel: 'train',
  });
  say(
    `trained and scored (${scored.invoices} open invoices) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  rmSync(join(config.home, 'ledger'), { recursive: true, force: true });
  await db.run('checkpoint');
  if (kept) writeFileSync(join(config.home, 'ready'), new Date().toISOString());
}
