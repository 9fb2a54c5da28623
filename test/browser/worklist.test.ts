// The collectors' worklist in a real browser: the call tasks the reminder engine created, ranked by cash at stake,
// closed with their outcome; a viewer sees them without the form.
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
  server = await startTestServer({ dunningSends: 24 });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Call {
  id: number;
  cash_at_stake: string;
}

describe('worklist: calls due', () => {
  it('lists the call tasks in the API order (cash at stake) and closes one with its outcome', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.collector.email, PASSWORD);
    await page.goto('/worklist');
    const rows = page.locator('[data-testid="calls-due"] li');
    await rows.first().waitFor();
    const api = (await page.request.get('/api/worklist').then((r) => r.json())) as { callsDue: Call[] };
    expect(api.callsDue.length).toBeGreaterThan(0);
    const stakes = api.callsDue.map((c) => Number(c.cash_at_stake));
    expect(stakes).toEqual([...stakes].sort((a, b) => b - a));
    expect(await rows.evaluateAll((lis) => lis.map((li) => Number(li.getAttribute('data-call'))))).toEqual(
      api.callsDue.map((c) => c.id),
    );
    await saveScreenshot(page, 'worklist-calls');

    const first = api.callsDue[0]!;
    const row = page.locator(`li[data-call="${first.id}"]`);
    await row.locator('input[name="outcome"]').fill('promised to pay on Friday');
    await row.locator('button[type="submit"]').click();
    await row.waitFor({ state: 'detached' });
    const after = (await page.request.get('/api/worklist').then((r) => r.json())) as { callsDue: Call[] };
    expect(after.callsDue.map((c) => c.id)).not.toContain(first.id);
    expect(after.callsDue).toHaveLength(api.callsDue.length - 1);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a viewer the calls without the form', async () => {
    const { context, page } = await openContext(browser, server.url);
    await signInAs(page, server.users.viewer.email, PASSWORD);
    await page.goto('/worklist');
    await page.locator('[data-testid="calls-due"] li').first().waitFor();
    expect(await page.locator('[data-testid="calls-due"] input[name="outcome"]').count()).toBe(0);
    await context.close();
  });
});
