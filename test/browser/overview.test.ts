// The sign-in page and the CFO overview in a real browser: the tiles show what /api/kpi answers.
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

describe('sign-in', () => {
  it('refuses a wrong password, then signs in and lands on the overview', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await page.goto('/');
    await page.waitForURL(/\/login\?next=/);
    await saveScreenshot(page, 'login');
    await page.fill('input[name="email"]', server.users.admin.email);
    await page.fill('input[name="password"]', 'not the password');
    await page.click('button[type="submit"]');
    await expect(page.getByTestId('login-error').textContent()).resolves.toMatch(/incorrect/);
    // the keyboard alone: the password field follows the email field, Enter sends the form
    await page.fill('input[name="password"]', '');
    await page.focus('input[name="email"]');
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === '/');
    await page.locator('[data-kpi="aging.net_ar"]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });
});

describe('roles', () => {
  const NAV: Record<string, string[]> = {
    admin: ["Vue d'ensemble", 'Risque', 'Clients', 'À traiter', 'Relances', 'Console SQL', 'Paramètres'],
    collector: ["Vue d'ensemble", 'Risque', 'Clients', 'À traiter', 'Relances'],
    sales: ["Vue d'ensemble", 'Risque', 'Clients', 'À traiter', 'Relances'],
    viewer: ["Vue d'ensemble", 'Risque', 'Clients', 'À traiter', 'Relances'],
    analyst: ["Vue d'ensemble", 'Risque', 'Clients', 'À traiter', 'Relances', 'Console SQL'],
  };
  it('signs in every role, shows its name and role, offers the pages the role may use, and signs out', async () => {
    for (const key of Object.keys(NAV) as (keyof TestServer['users'])[]) {
      const user = server.users[key];
      const { context, page, problems } = await openContext(browser, server.url);
      await signInAs(page, user.email, PASSWORD);
      await page.locator('[data-kpi="aging.net_ar"]').waitFor();
      expect(await page.locator('.who').getAttribute('data-role'), key).toBe(user.role);
      expect(await page.locator('.who .name').textContent()).toBe(user.name);
      expect(await page.locator('nav[aria-label="Navigation principale"] a').allTextContents(), key).toEqual(
        NAV[key],
      );
      await page.getByRole('button', { name: 'Se déconnecter' }).click();
      await page.waitForURL(/\/login/);
      await page.goto('/customers');
      await page.waitForURL(/\/login\?next=%2Fcustomers/);
      expect(problems, key).toEqual([]);
      await context.close();
    }
  });
});

describe('overview', () => {
  it('shows the figures /api/kpi answers, tile by tile', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    const api = await page.request.get('/api/kpi').then((r) => r.json());
    await page.locator('[data-kpi="dso.simple"]').waitFor();
    await page.locator('[data-chart="aging"] svg[aria-label]').waitFor();
    await page.locator('[data-chart="dso-trend"] svg[aria-label]').waitFor();
    const tiles = await page.$$eval('[data-kpi]', (nodes) =>
      nodes.map((n) => ({
        kpi: n.getAttribute('data-kpi')!,
        raw: n.getAttribute('data-value')!,
        text: n.querySelector('.value')!.textContent!.trim(),
      })),
    );
    const byKey = new Map(tiles.map((t) => [t.kpi, t]));
    expect([...byKey.keys()]).toEqual([
      'aging.net_ar',
      'overdue',
      'dso.simple',
      'dso.countback',
      'bpdso',
      'add',
      'cei',
      'collection_rate',
    ]);
    for (const key of [
      'aging.net_ar',
      'dso.simple',
      'dso.countback',
      'bpdso',
      'add',
      'cei',
      'collection_rate',
    ]) {
      const expected = key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown>)[k], api) as
        number | null;
      const tile = byKey.get(key)!;
      expect(tile.raw, key).toBe(expected === null ? '' : String(expected));
      if (expected !== null)
        expect(parseFrench(tile.text), `${key} shown as "${tile.text}"`).toBeCloseTo(
          expected,
          key === 'aging.net_ar' ? -0.3 : 1,
        );
    }
    const a = api.aging;
    const overdueCents = [a.days_1_30, a.days_31_60, a.days_61_90, a.days_over_90].reduce(
      (s: number, v: number) => s + Math.round(v * 100),
      0,
    );
    expect(Math.round(Number(byKey.get('overdue')!.raw) * 100)).toBe(overdueCents);
    expect(parseFrench(byKey.get('overdue')!.text)).toBe(Math.round(overdueCents / 100));
    await saveScreenshot(page, 'overview');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows the company and as-of filters, still equal to /api/kpi', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.locator('[data-kpi="dso.simple"]').waitFor();
    await page.selectOption('#f-company', 'C2');
    await page.fill('#f-asof', '2026-03-31');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/company=C2/);
    const api = await page.request.get('/api/kpi?asOf=2026-03-31&company=C2').then((r) => r.json());
    await page.waitForFunction(
      (value) => document.querySelector('[data-kpi="aging.net_ar"]')?.getAttribute('data-value') === value,
      String(api.aging.net_ar),
    );
    expect(await page.getAttribute('[data-kpi="dso.simple"]', 'data-value')).toBe(
      api.dso.simple === null ? '' : String(api.dso.simple),
    );
    expect(await page.locator('.subtitle').textContent()).toContain('31 mars 2026');
    // a past date: the forecast shows what was actually collected since, week by week
    const actuals = await page.request
      .get('/api/forecast/actuals?asOf=2026-03-31&company=C2')
      .then((r) => r.json());
    expect(actuals.weeks).toHaveLength(13);
    expect(actuals.weeks.some((w: { amount: number }) => w.amount > 0)).toBe(true);
    await page.locator('[aria-labelledby="forecast-heading"] .legend .actual').waitFor();
    await saveScreenshot(page, 'overview-c2');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('follows the agency and portfolio filters: tiles, aged balance and alerts of those customers only', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.locator('[data-kpi="dso.simple"]').waitFor();
    const options = await page.request.get('/api/filters').then((r) => r.json());
    expect(options.agencies.length).toBeGreaterThan(1);
    expect(options.portfolios.map((p: { name: string }) => p.name)).toEqual(['Ventes Nord']);
    const agency = options.agencies[0] as string;
    await page.locator('#f-agency').waitFor();
    await page.selectOption('#f-agency', agency);
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.get('agency') === agency);
    const api = await page.request.get(`/api/kpi?agency=${encodeURIComponent(agency)}`).then((r) => r.json());
    const group = await page.request.get('/api/kpi').then((r) => r.json());
    expect(api.aging.net_ar).not.toBe(group.aging.net_ar);
    await page.waitForFunction(
      (value) => document.querySelector('[data-kpi="aging.net_ar"]')?.getAttribute('data-value') === value,
      String(api.aging.net_ar),
    );
    expect(await page.getAttribute('[data-kpi="cei"]', 'data-value')).toBe(
      api.cei === null ? '' : String(api.cei),
    );
    expect(await page.locator('.subtitle').textContent()).toContain(agency);
    // the largest overdue customers listed are the agency's. The list answers its own request, after the tiles', and
    // a client-side navigation does not reset Playwright's load states (waiting for 'networkidle' returned at once):
    // wait for the list itself to hold the agency's customers only.
    const agencyCustomers = new Set<string>(
      (
        await page.request
          .get(`/api/customers?limit=1000&filter=agency:${encodeURIComponent(agency)}`)
          .then((r) => r.json())
      ).items.map((c: { customer_id: string }) => c.customer_id),
    );
    expect(agencyCustomers.size).toBeGreaterThan(0);
    const largestLinks = () =>
      page
        .locator('[data-testid="largest-overdue"] a')
        .evaluateAll((as) => as.map((a) => decodeURIComponent(a.getAttribute('href')!.split('/').pop()!)));
    await expect
      .poll(
        async () => {
          const links = await largestLinks();
          return links.length > 0 && links.every((id) => agencyCustomers.has(id));
        },
        { timeout: 20_000 },
      )
      .toBe(true);
    const links = await largestLinks();
    for (const id of links) expect(agencyCustomers.has(id), id).toBe(true);
    await saveScreenshot(page, 'overview-agency');

    // the portfolio of the sales user: the admin sees what that user sees
    await page.selectOption('#f-agency', '');
    await page.selectOption('#f-portfolio', { label: 'Ventes Nord' });
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL((url) => url.searchParams.has('portfolio') && !url.searchParams.has('agency'));
    const sales = await signedInRequest<{ aging: { net_ar: number } }>(server.users.sales.email, '/api/kpi');
    await page.waitForFunction(
      (value) => document.querySelector('[data-kpi="aging.net_ar"]')?.getAttribute('data-value') === value,
      String(sales.aging.net_ar),
    );
    expect(problems).toEqual([]);
    await context.close();
  });
});

/** GET `path` as another user, signed in in a context of its own. */
async function signedInRequest<T>(email: string, path: string): Promise<T> {
  const { context, page } = await openContext(browser, server.url);
  await signInAs(page, email, PASSWORD);
  const body = (await page.request.get(path).then((r) => r.json())) as T;
  await context.close();
  return body;
}

/** « 1 234 567 € », « 45,3 j », « 87,5 % » → 1234567, 45.3, 87.5 */
function parseFrench(text: string): number {
  return Number(text.replace(/[^\d,-]/g, '').replace(',', '.'));
}
