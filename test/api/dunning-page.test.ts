// The Reminders page's routes: the dunning log and the outbox within the caller's scope, the live preview of a step's
// message (404 outside the scope), the PDF of a letter step, path traversal refused, the switches (admin, audited).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { markDunningLog, recordDunningIntent } from '../../warehouse/ops/dunning-log.queries.js';
import { createDunningMailer, messageIdFor } from '../../workflows/dunning/channels/mailer.js';
import { fileNameFor, saveLetter } from '../../workflows/dunning/channels/outbox.js';
import { AS_OF, startTestApi, type TestApi } from './harness.js';

let api: TestApi;
const KEY_K1 = 'C1/K1/standard/j%2B3/email/abc';
const KEY_K3 = 'C1/K3/standard/j%2B30/letter/def';
const EML = fileNameFor(messageIdFor(KEY_K1), 'eml');
const PDF = fileNameFor(KEY_K3, 'pdf');

beforeAll(async () => {
  api = await startTestApi({ publishSnapshot: false });
  const intent = (key: string, customer: string, step: string, channel: 'email' | 'letter', docs: string[]) =>
    recordDunningIntent(api.ops, {
      idempotency_key: key,
      company_id: 'C1',
      customer_id: customer,
      scenario: 'standard',
      step,
      channel,
      as_of: AS_OF,
      amount: '1000.00',
      currency: 'EUR',
      document_ids: docs,
      detail: {},
    });
  await intent(KEY_K3, 'K3', 'j+30', 'letter', ['C1-INV-0013']);
  await markDunningLog(api.ops, KEY_K3, 'ambiguous', { note: 'crashed after accept' });
  await new Promise((r) => setTimeout(r, 20));
  await intent(KEY_K1, 'K1', 'j+3', 'email', ['C1-INV-0002', 'C1-INV-0001']);
  await markDunningLog(api.ops, KEY_K1, 'sent', { message_id: messageIdFor(KEY_K1) });
  const mailer = createDunningMailer({ outboxDir: join(api.home, 'outbox'), from: 'AR <ar@example.com>' });
  await mailer.send({
    to: 'k1@example.com',
    subject: 'Relance',
    text: 'hello',
    html: '<p>hello</p>',
    messageId: messageIdFor(KEY_K1),
    headers: { 'X-Encours-Key': KEY_K1 },
  });
  await saveLetter(join(api.home, 'outbox'), KEY_K3, Buffer.from('%PDF-1.4 test letter'));
});
afterAll(() => api.close());

const get = (person: Parameters<TestApi['as']>[0], url: string) => api.as(person, { method: 'GET', url });
const post = (person: Parameters<TestApi['as']>[0], url: string, payload: object) =>
  api.as(person, { method: 'POST', url, payload });

describe('GET /api/dunning/log', () => {
  it('lists the sends newest first with their invoices; a portfolio user sees only their customers', async () => {
    const all = await get('admin', '/api/dunning/log');
    expect(all.statusCode).toBe(200);
    expect(all.json().map((r: { customer_id: string }) => r.customer_id)).toEqual(['K1', 'K3']);
    expect(all.json()[0]).toMatchObject({
      idempotency_key: KEY_K1,
      customer_name: 'Alpha Bâtiment',
      status: 'sent',
      as_of: AS_OF,
      documents: ['C1-INV-0001', 'C1-INV-0002'],
    });
    expect((await get('admin', '/api/dunning/log?status=ambiguous')).json()).toHaveLength(1);

    const sam = await get('sam', '/api/dunning/log');
    expect(sam.json().map((r: { customer_id: string }) => r.customer_id)).toEqual(['K1']);
    expect((await get('sam', '/api/dunning/log?customer=K3')).statusCode).toBe(404);
    expect((await get('viewer', '/api/dunning/log?customer=K3')).json()).toHaveLength(1);
  });
});

describe('outbox', () => {
  it('lists .eml and letter files tied to their log rows, within the scope, and opens them', async () => {
    const files = (await get('admin', '/api/dunning/outbox')).json() as {
      name: string;
      customer_id: string;
      step: string;
      kind: string;
      url: string;
    }[];
    expect(files.map((f) => [f.name, f.kind, f.customer_id, f.step]).sort()).toEqual(
      [
        [EML, 'email', 'K1', 'j+3'],
        [PDF, 'letter', 'K3', 'j+30'],
      ].sort(),
    );
    const eml = await get('admin', files.find((f) => f.kind === 'email')!.url);
    expect(eml.statusCode).toBe(200);
    expect(eml.headers['content-type']).toMatch(/^message\/rfc822/);
    expect(eml.body).toContain('Subject: Relance');
    const pdf = await get('admin', `/api/dunning/outbox/${PDF}`);
    expect(pdf.headers['content-type']).toBe('application/pdf');

    expect((await get('sam', '/api/dunning/outbox')).json().map((f: { name: string }) => f.name)).toEqual([
      EML,
    ]);
    expect((await get('sam', `/api/dunning/outbox/${PDF}`)).statusCode).toBe(404);
    expect((await get('viewer', '/api/dunning/outbox')).statusCode).toBe(403);
  });

  it('refuses anything that is not an outbox file name', async () => {
    for (const name of [
      '..%2F..%2Fsecret',
      '..%2Fwarehouse.duckdb',
      '..%2Fx.eml',
      'letters%2F' + PDF,
      '..%5Csecret.eml',
    ]) {
      const response = await get('admin', `/api/dunning/outbox/${name}`);
      expect(response.statusCode, name).toBe(400);
      expect(response.json().message).toMatch(/outbox file name|must match/);
    }
    // `..` alone is resolved by the router to another path: no route, no file
    expect((await get('admin', '/api/dunning/outbox/%2E%2E')).statusCode).toBe(404);
    expect((await get('admin', '/api/dunning/outbox/nothing-here.eml')).statusCode).toBe(404);
  });
});

describe('POST /api/dunning/preview', () => {
  it("renders the step's message for a customer in scope, and is a 404 for others", async () => {
    const answer = await post('sam', '/api/dunning/preview', { customer_id: 'K1', company_id: 'C1' });
    expect(answer.statusCode, answer.body).toBe(200);
    const preview = answer.json();
    expect(preview).toMatchObject({ customer_id: 'K1', company_id: 'C1', customer_name: 'Alpha Bâtiment' });
    expect(preview.subject.length).toBeGreaterThan(5);
    expect(preview.html).toContain('Alpha Bâtiment');
    expect(preview.documents.length).toBeGreaterThan(0);
    expect(preview.html).toContain(preview.documents[0].document_id);

    const plan = (await get('admin', `/api/dunning/plan?customer=K1&company=C1`)).json() as {
      step: string;
      scenario: string;
      as_of: string;
    }[];
    expect(plan.length).toBeGreaterThan(0);
    expect(preview).toMatchObject({
      source: 'plan',
      step: plan[0]!.step,
      scenario: plan[0]!.scenario,
      as_of: plan[0]!.as_of,
    });

    expect((await post('sam', '/api/dunning/preview', { customer_id: 'K3' })).statusCode).toBe(404);
    expect((await post('viewer', '/api/dunning/preview', { customer_id: 'K1' })).statusCode).toBe(403);
    const bad = await post('admin', '/api/dunning/preview', {
      customer_id: 'K1',
      scenario: 'standard',
      step: 'j+99',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/no step "j\+99".*j\+3/);
  });

  it('offers the PDF of a letter step', async () => {
    const answer = await post('admin', '/api/dunning/preview', {
      customer_id: 'K3',
      company_id: 'C1',
      scenario: 'standard',
      step: 'j+30',
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const preview = answer.json();
    expect(preview).toMatchObject({ channel: 'letter', template: 'formal_notice' });
    expect(preview.pdf_url).toMatch(/^\/api\/dunning\/preview\.pdf\?/);
    const pdf = await get('admin', preview.pdf_url);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    expect((await get('sam', preview.pdf_url)).statusCode).toBe(404);
  });
});

describe('controls', () => {
  it('anyone reads the switches; only admins pause (with a reason) and resume, audited', async () => {
    expect((await get('viewer', '/api/dunning/controls')).json()).toMatchObject({
      paused: false,
      quiet_weekdays: [6, 7],
    });
    const put = (person: 'admin' | 'user', payload: object) =>
      api.as(person, { method: 'PUT', url: '/api/dunning/controls', payload });
    expect((await put('user', { paused: true, reason: 'x' })).statusCode).toBe(403);
    const noReason = await put('admin', { paused: true });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().message).toMatch(/body\.reason/);
    const paused = await put('admin', { paused: true, reason: 'month-end review', max_messages_per_run: 50 });
    expect(paused.json()).toMatchObject({
      paused: true,
      pause_reason: 'month-end review',
      max_messages_per_run: 50,
    });
    const [audit] = await listAudit(api.ops, { entity: 'dunning_controls' });
    expect(audit).toMatchObject({ action: 'pause', actor: `user:${api.ids.admin}`, after: { paused: true } });
    const resumed = await put('admin', { paused: false, quiet_dates: ['2025-12-25'] });
    expect(resumed.json()).toMatchObject({ paused: false, pause_reason: null, quiet_dates: ['2025-12-25'] });
    expect((await put('admin', { quiet_dates: ['2025-02-30'] })).statusCode).toBe(400);
  });
});
