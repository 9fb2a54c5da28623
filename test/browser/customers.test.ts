// Customers list and card in a real browser, for each kind of user: what they see and what they can do.
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
  server = await startTestServer();
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('customers', () => {
  it('lists the customers the API lists, searches, and opens a card whose figures are the API card', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.goto('/customers');
    const rows = page.locator('[data-testid="customer-table"] tbody tr');
    await rows.first().waitFor();
    const api = await page.request.get('/api/customers?sort=-net_ar&limit=25').then((r) => r.json());
    expect(await rows.count()).toBe(api.items.length);
    expect(await page.locator('.subtitle').textContent()).toContain(String(api.total));
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer')))).toEqual(
      api.items.map((c: { customer_id: string }) => c.customer_id),
    );
    await saveScreenshot(page, 'customers');

    const target = api.items[3] as { customer_id: string; name: string };
    await page.fill('input[name="q"]', target.name);
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=/);
    await page.locator(`tr[data-customer="${target.customer_id}"]`).waitFor();
    await page.click(`tr[data-customer="${target.customer_id}"] a`);
    await page.waitForURL(`**/customers/${encodeURIComponent(target.customer_id)}`);
    await page.locator('[data-card-kpi="net_ar"]').waitFor();
    const card = await page.request
      .get(`/api/customers/${encodeURIComponent(target.customer_id)}`)
      .then((r) => r.json());
    expect(await page.locator('h1').textContent()).toContain(card.customer.name);
    expect(parseFrench(await page.locator('[data-card-kpi="net_ar"] dd').textContent())).toBe(
      Math.round(Number(card.kpis.aging.net_ar)),
    );
    expect(await page.locator('[data-testid="open-items"] tbody tr').count()).toBe(card.openItems.length);
    await page.locator('[data-chart="card-age"] svg[aria-label]').waitFor();
    expect(await page.locator('[data-testid="card-actions"] details').count()).toBeGreaterThanOrEqual(6);
    await saveScreenshot(page, 'customer-card');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('narrows the list by agency and by portfolio, as the API does', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.goto('/customers');
    await page.locator('#c-agency').waitFor();
    const options = await page.request.get('/api/filters').then((r) => r.json());
    const agency = options.agencies[1] as string;
    await page.selectOption('#c-agency', agency);
    await page.waitForURL((url) => url.searchParams.get('agency') === agency);
    const api = await page.request
      .get(`/api/customers?sort=-net_ar&limit=25&agency=${encodeURIComponent(agency)}`)
      .then((r) => r.json());
    expect(api.items.every((c: { agency: string }) => c.agency === agency)).toBe(true);
    // the list answers after the URL changes: wait for the rows themselves (the subtitle's total alone can match the
    // unfiltered one as a substring: « 412 clients » contains 12)
    const rows = page.locator('[data-testid="customer-table"] tbody tr');
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer'))), {
        timeout: 20_000,
      })
      .toEqual(api.items.map((c: { customer_id: string }) => c.customer_id));
    expect(await page.locator('.subtitle').textContent()).toMatch(new RegExp(`(^|\\D)${api.total}(\\D|$)`));
    // the portfolio of the sales user instead: exactly their customers
    await page.selectOption('#c-agency', '');
    await page.selectOption('#c-portfolio', { label: 'Ventes Nord' });
    await page.waitForURL((url) => url.searchParams.has('portfolio') && !url.searchParams.has('agency'));
    await expect
      .poll(() => rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer')!)), {
        timeout: 20_000,
      })
      .toSatisfy((ids: string[]) => ids.length > 0 && ids.every((id) => server.salesCustomers.includes(id)));
    expect(await page.locator('.subtitle').textContent()).toMatch(
      new RegExp(`(^|\\D)${server.salesCustomers.length}(\\D|$)`),
    );
    await saveScreenshot(page, 'customers-portfolio');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a viewer no action: no comment box, no actions, no dispute buttons, no SQL or settings', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.viewer.email, PASSWORD);
    const id = server.salesCustomers[0]!;
    await page.goto(`/customers/${encodeURIComponent(id)}`);
    await page.locator('[data-card-kpi="net_ar"]').waitFor();
    await page.locator('#timeline-h').waitFor();
    expect(await page.locator('[data-testid="card-actions"]').count()).toBe(0);
    expect(await page.locator('[data-testid="comment-form"]').count()).toBe(0);
    expect(
      await page.locator('main button', { hasText: /Clore|Tenue|Publier|Bloquer|Enregistrer/ }).count(),
    ).toBe(0);
    const nav = await page.locator('nav[aria-label="Navigation principale"] a').allTextContents();
    expect(nav).not.toContain('Console SQL');
    expect(nav).not.toContain('Paramètres');
    await saveScreenshot(page, 'customer-card-viewer');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a sales user only the customers of their portfolio', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.sales.email, PASSWORD);
    await page.goto('/customers');
    const rows = page.locator('[data-testid="customer-table"] tbody tr');
    await rows.first().waitFor();
    const shown = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-customer')!));
    expect(shown.length).toBe(Math.min(25, server.salesCustomers.length));
    for (const id of shown) expect(server.salesCustomers).toContain(id);
    expect(await page.locator('.subtitle').textContent()).toContain(
      `${server.salesCustomers.length} clients`,
    );
    await saveScreenshot(page, 'customers-sales');
    const outside = (
      await server.db.all<{ customer_id: string }>(
        'select customer_id from core.customers order by customer_id',
      )
    )
      .map((r) => r.customer_id)
      .find((c) => !server.salesCustomers.includes(c))!;
    await page.goto(`/customers/${encodeURIComponent(outside)}`);
    await page.locator('[data-state="absent"]').waitFor();
    expect(await page.locator('[data-state="absent"]').textContent()).toContain(`no customer "${outside}"`);
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('collaboration', () => {
  it('completes an @mention, and the mentioned user finds it in their notifications', async () => {
    const id = server.salesCustomers[1]!;
    const admin = await openContext(browser, server.url);
    await signInAs(admin.page, server.users.admin.email, PASSWORD);
    await admin.page.goto(`/customers/${encodeURIComponent(id)}`);
    const box = admin.page.locator('#comment-body');
    await box.waitFor();
    await box.click();
    await box.pressSequentially('Relance faite, merci de suivre @sop');
    await admin.page
      .locator('[data-testid="mention-options"] [role="option"]', { hasText: 'Sophie Leroy' })
      .waitFor();
    await admin.page.keyboard.press('Enter');
    await expect(box.inputValue()).resolves.toBe('Relance faite, merci de suivre @sophie.ventes ');
    await box.pressSequentially('pour le règlement.');
    await saveScreenshot(admin.page, 'comment-mention');
    await admin.page.click('[data-testid="comment-form"] button[type="submit"]');
    await admin.page
      .locator('[data-testid="comment-form"] [role="status"]', { hasText: 'Sophie Leroy' })
      .waitFor();
    await admin.page
      .locator('[data-testid="timeline"] li[data-kind="comment"]', { hasText: '@sophie.ventes' })
      .waitFor();
    expect(admin.problems).toEqual([]);
    await admin.context.close();

    const sales = await openContext(browser, server.url);
    await signInAs(sales.page, server.users.sales.email, PASSWORD);
    await sales.page.locator('a[href="/notifications"][data-unread="1"]').waitFor();
    await sales.page.click('a[href="/notifications"]');
    const item = sales.page.locator('[data-testid="notifications"] li[data-kind="mention"]');
    await item.waitFor();
    expect(await item.textContent()).toContain('Claire Martin mentioned you');
    await saveScreenshot(sales.page, 'notifications');
    expect(sales.problems).toEqual([]);
    await sales.context.close();
  });
});

/** « 1 234 567 € » → 1234567 */
function parseFrench(text: string | null): number {
  return Number((text ?? '').replace(/[^\d,-]/g, '').replace(',', '.'));
}
