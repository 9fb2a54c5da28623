// The other pages in a real browser: SQL console, worklist, risk, reminders, settings, the English switch, and the
// customer portal link (which works, then expires). Every page leaves a screenshot in test-artifacts/screenshots.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openContext, saveScreenshot, signInAs } from './browser.js';
import { ensureDashboardBuilt } from './build.js';
import { PASSWORD, startTestServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // built first: the server registers the dashboard (and hashes its index.html) when it starts
  await ensureDashboardBuilt();
  server = await startTestServer({ models: true });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('SQL console', () => {
  it('runs a query for an analyst: grid, quick chart, CSV download; refuses a write with the reason', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.analyst.email, PASSWORD);
    await page.goto('/sql');
    await page.fill(
      '#sql-editor',
      'select company_id, count(*) as invoices, sum(amount) as amount from core.documents group by all order by company_id',
    );
    await page.click('[data-testid="sql-run"]');
    const rows = page.locator('[data-testid="sql-grid"] tbody tr');
    await rows.first().waitFor();
    const cells = await rows.evaluateAll((trs) =>
      trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent)),
    );
    const expected = await server.db.all<{ company_id: string; invoices: string; amount: string }>(
      'select company_id, count(*)::varchar as invoices, sum(amount)::varchar as amount from core.documents group by all order by company_id',
    );
    expect(cells).toEqual(expected.map((r) => [r.company_id, r.invoices, r.amount]));
    await saveScreenshot(page, 'sql');

    await page.getByRole('tab', { name: 'Graphique' }).click();
    await page.locator('[data-chart="sql-chart"] svg[aria-label]').waitFor();
    await saveScreenshot(page, 'sql-chart');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.click('[data-testid="sql-csv"]'),
    ]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toBe('company_id,invoices,amount');

    await page.fill('#sql-editor', 'delete from core.documents');
    await page.click('[data-testid="sql-run"]');
    await page.locator('[data-testid="sql-error"]').waitFor();
    expect(await page.locator('[data-testid="sql-error"]').textContent()).toMatch(/refus/i);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is closed to a viewer', async () => {
    const { context, page } = await openContext(browser, server.url);
    await signInAs(page, server.users.viewer.email, PASSWORD);
    await page.goto('/sql');
    await page.locator('[data-state="forbidden"]').waitFor();
    expect(await page.locator('#sql-editor').count()).toBe(0);
    await context.close();
  });
});

describe('worklist, risk, reminders, settings', () => {
  it('records a promise from the card, finds it in the worklist and marks it kept', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.collector.email, PASSWORD);
    const id = server.salesCustomers[2]!;
    await page.goto(`/customers/${encodeURIComponent(id)}`);
    await page.click('details[data-action="promise"] summary');
    await page.fill('#p-amount', '150,50');
    await page.click('details[data-action="promise"] button[type="submit"]');
    await page
      .locator('details[data-action="promise"] [role="status"]', { hasText: 'Promesse enregistrée' })
      .waitFor();
    await page.locator('[data-testid="timeline"] li[data-kind="promise"]').waitFor();

    await page.goto('/worklist');
    const promise = page.locator('[data-testid="promises-due"] li').first();
    await promise.waitFor();
    expect(await promise.textContent()).toContain('150,50');
    await saveScreenshot(page, 'worklist');
    await promise.getByRole('button', { name: 'Tenue', exact: true }).click();
    await page.locator('[data-testid="promises-due"]').waitFor({ state: 'detached' });
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows risk, reminders and settings with what the API offers, and says plainly what it does not', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.goto('/risk');
    const riskRows = page.locator('[data-testid="risk-table"] tbody tr');
    await riskRows.first().waitFor();
    const risk = await page.request.get('/api/risk').then((r) => r.json());
    expect(await riskRows.count()).toBe(Math.min(50, risk.customers.length));
    expect(await riskRows.first().locator('[data-risk]').getAttribute('data-risk')).toBe(
      risk.customers[0].risk_class,
    );
    await page.locator('[data-chart="risk-distribution"] svg[aria-label]').waitFor();
    await saveScreenshot(page, 'risk');
    await page.goto(`/customers/${encodeURIComponent(risk.customers[0].customer_id)}`);
    await page.locator('[data-chart="class-history"] svg[aria-label]').waitFor();
    await saveScreenshot(page, 'customer-card-risky');

    await page.goto('/reminders');
    await page.locator('#sc-h').waitFor();
    await page.locator('[data-state="loading"]').first().waitFor({ state: 'detached' });
    await saveScreenshot(page, 'reminders');

    await page.goto('/settings');
    const users = page.locator('[data-testid="users-table"] tbody tr');
    await users.first().waitFor();
    expect(await users.count()).toBe(5);
    await saveScreenshot(page, 'settings');
    await page.getByRole('tab', { name: "Journal d'audit" }).click();
    await page.locator('[data-testid="audit-table"] tbody tr').first().waitFor();
    await saveScreenshot(page, 'settings-audit');

    await page.getByRole('tab', { name: 'Sociétés et devises' }).click();
    const companyRows = page.locator('[data-testid="companies-table"] tbody tr');
    await companyRows.first().waitFor();
    const companies = await page.request.get('/api/companies').then((r) => r.json());
    expect(await companyRows.count()).toBe(companies.companies.length);
    expect(await page.locator('[data-testid="fx-table"] tbody tr').count()).toBe(companies.fx.length);
    await saveScreenshot(page, 'settings-companies');

    // one source with two files waiting, one whose drop folder is missing
    mkdirSync(join(server.home, 'drops', 'C1', 'archive'), { recursive: true });
    writeFileSync(join(server.home, 'drops', 'C1', 'invoices.csv'), 'x\n');
    writeFileSync(join(server.home, 'drops', 'C1', 'payments.csv'), 'x\n');
    writeFileSync(
      join(server.home, 'sources.json'),
      JSON.stringify([
        { company: 'C1', format: 'canonical', dropDir: 'drops/C1' },
        {
          company: 'C2',
          format: 'fec',
          dropDir: 'drops/C2',
          options: { receivablePrefix: '411', salesJournals: ['VE'] },
        },
      ]),
    );
    await page.getByRole('tab', { name: 'Sources et planification' }).click();
    const sourceRows = page.locator('[data-testid="sources-table"] tbody tr');
    await sourceRows.first().waitFor();
    expect(await sourceRows.count()).toBe(2);
    expect(await sourceRows.nth(0).locator('td').last().textContent()).toBe('2');
    expect(await sourceRows.nth(1).locator('td').last().textContent()).toMatch(/dossier absent/);
    expect(await page.locator('[data-testid="schedule"]').textContent()).toMatch(/02:00/);
    await saveScreenshot(page, 'settings-sources');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('switches to English and stays in English after a reload', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.locator('[data-kpi="aging.net_ar"]').waitFor();
    await page.click('[data-testid="language-switch"]');
    await page.locator('h1', { hasText: 'Overview' }).waitFor();
    await page.reload();
    await page.locator('[data-kpi="aging.net_ar"] h3', { hasText: 'Net receivables' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.locator('[data-chart="dso-trend"] svg[aria-label]').waitFor();
    await saveScreenshot(page, 'overview-en');
    // a narrow window (tablet): the tiles and panels fold into fewer columns, nothing overflows sideways
    await page.setViewportSize({ width: 820, height: 1000 });
    await page.locator('[data-kpi="cei"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(820);
    await saveScreenshot(page, 'overview-narrow');
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('customer portal', () => {
  it('opens from a link made on the card, without signing in, and stops working once expired', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.collector.email, PASSWORD);
    const id = server.salesCustomers[3]!;
    await page.goto(`/customers/${encodeURIComponent(id)}`);
    await page.click('details[data-action="portal"] summary');
    await page.fill('#pl-days', '2');
    await page.click('details[data-action="portal"] button[type="submit"]');
    const link = await page.locator('[data-testid="portal-link"]').getAttribute('href');
    expect(link).toMatch(/\/portal\/[\w-]+\.[\w-]+$/);
    const name = (await page.locator('h1').textContent())!.replace(/\s+\S+$/, '').trim();
    expect(problems).toEqual([]);
    await context.close();

    const visitor = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
    const portal = await visitor.newPage();
    await portal.goto(link!);
    await portal.locator('h1', { hasText: name }).waitFor();
    await saveScreenshot(portal, 'portal');

    server.advanceClock(3 * 86_400_000);
    const answer = await portal.goto(link!);
    expect(answer?.status()).toBe(410);
    await portal
      .getByText(/expired|expiré/i)
      .first()
      .waitFor();
    await saveScreenshot(portal, 'portal-expired');
    await visitor.close();
  });
});
