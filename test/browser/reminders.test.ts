// The Reminders page in a real browser: an admin edits a scenario step (the API refuses a bad offset with its reason,
// then keeps the good one), previews a customer's message, sees the day's plan, the outbox and the log as the API
// gives them, pauses and resumes; a viewer sees everything read-only, without a single action button.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { launchChromium, openContext, saveScreenshot, SCREENSHOTS, signInAs } from './browser.js';
import { ensureDashboardBuilt } from './build.js';
import { PASSWORD, startTestServer, type TestServer } from './server.js';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  // built first: the server registers the dashboard (and hashes its index.html) when it starts
  await ensureDashboardBuilt();
  server = await startTestServer({ dunningSends: 8 });
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Action {
  customer_id: string;
  customer_name: string;
  step: string;
  channel: string;
  scenario: string;
}

const offsetInput = (page: Page, step: string) =>
  page.locator(`[data-testid="steps-table"] tr[data-step="${step}"] input[name="offset_days"]`);

async function csrfHeader(page: Page): Promise<Record<string, string>> {
  const cookie = (await page.context().cookies()).find((c) => c.name === 'encours_csrf');
  return cookie ? { 'x-csrf-token': decodeURIComponent(cookie.value) } : {};
}

describe('reminders', () => {
  it('lets an admin edit a step, preview a message, and read the plan, outbox and log the API gives', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.admin.email, PASSWORD);
    await page.goto('/reminders');
    await page.click('[data-testid="scenario-list"] button[data-scenario="standard"]');
    await page.locator('form[data-scenario="standard"]').waitFor();

    // a bad offset: the API's validation message is shown, nothing saved
    await offsetInput(page, 'j+12').fill('25');
    await page.click('[data-action="save-scenario"]');
    const message = page.locator('[data-testid="scenario-message"]');
    await message.waitFor();
    expect(await message.getAttribute('role')).toBe('alert');
    expect(await message.textContent()).toMatch(/steps\[3\]\.offset_days: offsets grow within a phase/);

    await offsetInput(page, 'j+12').fill('13');
    await page.click('[data-action="save-scenario"]');
    await page.locator('[data-testid="scenario-message"][role="status"]').waitFor();
    const saved = await page.request.get('/api/dunning/scenarios/standard').then((r) => r.json());
    expect(saved.steps.find((s: { id: string }) => s.id === 'j+12').offset_days).toBe(13);

    // the plan table lists the API's plan, row for row
    const plan = (await page.request.get('/api/dunning/plan').then((r) => r.json())) as Action[];
    expect(plan.length).toBeGreaterThan(0);
    const rows = page.locator('[data-testid="plan-table"] tbody tr');
    await rows.first().waitFor();
    const showAll = page.getByRole('button', { name: /Tout afficher/ });
    if (await showAll.count()) await showAll.click();
    // the page reloads its plan after the save: wait for the rows to be that plan
    await expect
      .poll(
        () =>
          rows.evaluateAll((trs) =>
            trs.map(
              (tr) =>
                `${tr.getAttribute('data-customer')}/${tr.getAttribute('data-step')}/${tr.getAttribute('data-channel')}`,
            ),
          ),
        { timeout: 20_000 },
      )
      .toEqual(plan.map((a) => `${a.customer_id}/${a.step}/${a.channel}`));

    // the preview of a customer of the plan: the API's subject; the message names the customer and the invoices
    const target = plan.find((a) => a.channel === 'email') ?? plan[0]!;
    await page.fill('#pv-q', target.customer_name);
    await page.click(`[data-testid="preview-results"] button[data-customer="${target.customer_id}"]`);
    const subject = page.locator('[data-testid="preview-subject"]');
    await subject.waitFor();
    const api = await page.request
      .post('/api/dunning/preview', {
        data: { customer_id: target.customer_id },
        headers: await csrfHeader(page),
      })
      .then((r) => r.json());
    expect(await subject.textContent()).toBe(api.subject);
    expect(api.step).toBe(plan.find((a) => a.customer_id === target.customer_id)!.step);
    const frame = page.frameLocator('[data-testid="preview-frame"]');
    const body = await frame.locator('body').textContent();
    expect(body).toContain(target.customer_name);
    expect(body).toContain(api.documents[0].reference ?? api.documents[0].document_id);
    await saveScreenshot(page, 'reminders-admin');
    // the editor and the preview up close, at full resolution
    for (const [section, name] of [
      ['sc-h', 'editor'],
      ['pv-h', 'preview'],
      ['ob-h', 'outbox'],
      ['log-h', 'log'],
    ])
      await page
        .locator(`section[aria-labelledby="${section}"]`)
        .screenshot({ path: join(SCREENSHOTS, `reminders-${name}.png`) });

    // a call step of the same scenario: its subject names the customer
    const callStep = (
      saved.id === api.scenario
        ? saved
        : await page.request.get(`/api/dunning/scenarios/${api.scenario}`).then((r) => r.json())
    ).steps.find((s: { channel: string }) => s.channel === 'call');
    if (callStep) {
      await page.selectOption('#pv-step', callStep.id);
      await page.locator(`[data-testid="preview-meta"][data-step="${callStep.id}"]`).waitFor();
      expect(await subject.textContent()).toContain(target.customer_name);
    }

    // outbox and log as the API lists them, with their status badges
    const outbox = await page.request.get('/api/dunning/outbox').then((r) => r.json());
    expect(outbox.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="outbox-table"] tbody tr').count())
      .toBe(outbox.length);
    const href = await page
      .locator('[data-testid="outbox-table"] tbody tr a[target="_blank"]')
      .first()
      .getAttribute('href');
    expect((await page.request.get(href!)).status()).toBe(200);
    const log = await page.request.get('/api/dunning/log?limit=200').then((r) => r.json());
    await expect.poll(() => page.locator('[data-testid="log-table"] tbody tr').count()).toBe(log.length);
    for (const status of ['sent', 'ambiguous', 'failed'])
      expect(
        await page.locator(`[data-testid="log-table"] span[data-status="${status}"]`).count(),
      ).toBeGreaterThan(0);
    await page.selectOption('#log-status', 'ambiguous');
    await expect.poll(() => page.locator('[data-testid="log-table"] tbody tr').count()).toBe(1);

    // the global pause, then resume
    await page.fill('#ct-reason', 'revue de fin de mois');
    await page.click('[data-action="pause-all"]');
    await page.locator('[data-testid="controls-state"][data-paused="true"]').waitFor();
    expect((await page.request.get('/api/dunning/controls').then((r) => r.json())).pause_reason).toBe(
      'revue de fin de mois',
    );
    await page.click('[data-action="resume-all"]');
    await page.locator('[data-testid="controls-state"][data-paused="false"]').waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a viewer the scenarios, plan and log read-only, without any action button', async () => {
    const { context, page, problems } = await openContext(browser, server.url);
    await signInAs(page, server.users.viewer.email, PASSWORD);
    await page.goto('/reminders');
    await page.locator('form[data-scenario]').waitFor();
    await page.locator('[data-testid="plan-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="log-table"] tbody tr').first().waitFor();
    await page.locator('[data-testid="controls-state"]').waitFor();
    expect(await page.locator('main [data-action]').count()).toBe(0);
    expect(
      await page
        .locator('main button', { hasText: /Enregistrer|Suspendre|Reprendre|Ajouter|Aperçu/ })
        .count(),
    ).toBe(0);
    expect(await page.locator('main button[type="submit"]').count()).toBe(0);
    expect(
      await offsetInput(
        page,
        (await page.locator('[data-testid="steps-table"] tbody tr').first().getAttribute('data-step'))!,
      ).isDisabled(),
    ).toBe(true);
    expect(await page.locator('#pv-h').count()).toBe(0);
    expect(await page.locator('#ob-h').count()).toBe(0);
    await saveScreenshot(page, 'reminders-viewer');
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('h1', { hasText: 'Reminders' }).waitFor();
    expect(await page.locator('#plan-h').textContent()).toBe("Today's plan");
    expect(await page.locator('[data-testid="log-table"] th').first().textContent()).toBe('Date');
    expect(problems).toEqual([]);
    await context.close();
  });
});
