import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPortalToken, verifyPortalToken } from '../../api/portal/signing.js';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;
let token: string;
/** The PDF link of one of K3's invoices (set once its file exists). */
let pdfUrl = '';

beforeAll(async () => {
  api = await startTestApi();
  await api.as('admin', {
    method: 'PUT',
    url: '/api/companies/C1/payment-details',
    payload: { beneficiary: 'Main <SA>', iban: 'FR7630006000011234567890189', bic: 'AGRIFRPP' },
  });
  const link = await api.as('user', {
    method: 'POST',
    url: '/api/customers/K3/portal-link',
    payload: { days: 10 },
  });
  expect(link.statusCode).toBe(201);
  token = link.json().token;
  expect(link.json().path).toBe(`/portal/${token}`);
  expect(link.json().expiresAt).toBe('2025-07-11T09:00:00.000Z');
});
afterAll(() => api.close());

const page = (t: string, query = '') => api.app.inject({ method: 'GET', url: `/portal/${t}${query}` });
const form = (t: string, action: string, body: string) =>
  api.app.inject({
    method: 'POST',
    url: `/portal/${t}/${action}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: body,
  });

describe('customer portal', () => {
  it('the secret is created on first use, readable by the owner only', () => {
    expect(statSync(join(api.home, 'secret')).mode & 0o777).toBe(0o600);
  });

  it('shows the open invoices, how to pay and the forms, escaped, with no script', async () => {
    const response = await page(token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.body).toContain('Gamma Santé');
    expect(response.body).toContain('C1-INV-0024');
    expect(response.body).toContain('Main &lt;SA&gt; — IBAN FR7630006000011234567890189');
    expect(response.body).toContain(`action="/portal/${token}/promise?lang=fr"`);
    // in the customer's language (K3 has no country: French, as its reminders), English on request
    expect(response.body).toContain('<html lang="fr">');
    expect(response.body).toContain('Promettre un paiement');
    const english = await page(token, '?lang=en');
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Promise to pay');
    expect(english.body).toContain(`href="/portal/${token}?lang=fr"`);
    expect(response.body).not.toMatch(/<script/i);
    expect(response.headers['content-security-policy']).toMatch(/default-src 'self'/);
    const view = (await api.app.inject({ method: 'GET', url: `/api/portal/${token}` })).json();
    expect(view.customer).toEqual({ customer_id: 'K3', name: 'Gamma Santé' });
    expect(view.invoices.every((i: { open_amount: string }) => Number(i.open_amount) > 0)).toBe(true);
    expect(view.paymentDetails).toEqual([
      {
        company_id: 'C1',
        beneficiary: 'Main <SA>',
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
        note: null,
      },
    ]);
  });

  it('a promise and a dispute from the portal land in the timeline and tell the owner', async () => {
    api.mails.length = 0;
    const promise = await form(token, 'promise', 'amount=750.00&date=2025-07-25&companyId=C1');
    expect(promise.statusCode).toBe(303);
    expect(promise.headers.location).toBe(`/portal/${token}?done=promise`);
    expect((await page(token, '?done=promise')).body).toContain('votre promesse de paiement est enregistrée');
    expect((await page(token, '?done=promise&lang=en')).body).toContain('your promise to pay is recorded');
    const dispute = await api.app.inject({
      method: 'POST',
      url: `/api/portal/${token}/disputes`,
      payload: { documentId: 'C2-INV-0030', reason: 'never received' },
    });
    expect(dispute.statusCode).toBe(201);
    const card = (await api.as('admin', { method: 'GET', url: '/api/customers/K3' })).json();
    const portal = card.timeline.filter((e: { actor: string }) => e.actor === 'portal:K3');
    expect(portal.map((e: { kind: string }) => e.kind).sort()).toEqual(['dispute', 'promise']);
    expect(api.mails.map((m) => m.to)).toEqual(['lou@example.com', 'lou@example.com']);
    const audit = await listAudit(api.ops, { actor: 'portal:K3' });
    expect(audit.map((a) => a.entity).sort()).toEqual(['dispute', 'promise']);
  });

  it('bad input on the page is a 400 page saying what to fix, and records nothing', async () => {
    const before = (await listAudit(api.ops, { actor: 'portal:K3' })).length;
    const response = await form(token, 'dispute', 'documentId=C1-INV-0001&reason=whatever');
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain('customer &quot;K3&quot; has no document &quot;C1-INV-0001&quot;');
    expect((await form(token, 'promise', 'amount=abc&date=2025-07-25&companyId=C1')).statusCode).toBe(400);
    expect((await listAudit(api.ops, { actor: 'portal:K3' })).length).toBe(before);
  });

  it('offers the PDF of an invoice when one was exported, to the invoice’s customer only', async () => {
    const view = (await api.app.inject({ method: 'GET', url: `/api/portal/${token}` })).json();
    const [first, second] = view.invoices as { company_id: string; document_id: string; pdf: boolean }[];
    expect(first && second).toBeTruthy();
    expect(view.invoices.every((i: { pdf: boolean }) => i.pdf === false)).toBe(true);
    // the accounting system's export: <invoicesDir>/<company>/<document>.pdf (the harness's default folder)
    const pdf = await renderPdf(`Invoice ${first!.document_id}`);
    mkdirSync(join(api.home, 'invoices', first!.company_id), { recursive: true });
    writeFileSync(join(api.home, 'invoices', first!.company_id, `${first!.document_id}.pdf`), pdf);
    // and one of K1's invoices, which K3's link must not reach
    mkdirSync(join(api.home, 'invoices', 'C1'), { recursive: true });
    writeFileSync(join(api.home, 'invoices', 'C1', 'C1-INV-0001.pdf'), pdf);

    const after = (await api.app.inject({ method: 'GET', url: `/api/portal/${token}` })).json();
    const flags = new Map(
      after.invoices.map((i: { document_id: string; pdf: boolean }) => [i.document_id, i.pdf]),
    );
    expect(flags.get(first!.document_id)).toBe(true);
    expect(flags.get(second!.document_id)).toBe(false);
    const url = `/api/portal/${token}/invoices/${first!.company_id}/${first!.document_id}`;
    pdfUrl = url;
    expect((await page(token)).body).toContain(`href="${url}"`);
    const download = await api.app.inject({ method: 'GET', url });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(
      download.rawPayload.equals(
        readFileSync(join(api.home, 'invoices', first!.company_id, `${first!.document_id}.pdf`)),
      ),
    ).toBe(true);

    const refused = [
      `/api/portal/${token}/invoices/C1/C1-INV-0001`, // K1's invoice
      `/api/portal/${token}/invoices/${second!.company_id}/${second!.document_id}`, // no file
      `/api/portal/${token}/invoices/${first!.company_id}/..`,
    ];
    for (const bad of refused)
      expect((await api.app.inject({ method: 'GET', url: bad })).statusCode, bad).toBe(404);
    expect(
      (
        await api.app.inject({
          method: 'GET',
          url: `/api/portal/garbage/invoices/${first!.company_id}/${first!.document_id}`,
        })
      ).statusCode,
    ).toBe(404);
  });

  it('rejects tampered links with 404', async () => {
    const [payload, signature] = token.split('.') as [string, string];
    const otherCustomer = Buffer.from(
      JSON.stringify({ c: 'K1', e: JSON.parse(Buffer.from(payload, 'base64url').toString()).e }),
    ).toString('base64url');
    const longer = Buffer.from(JSON.stringify({ c: 'K3', e: 4102444800 })).toString('base64url');
    const flipped = signature.slice(0, -1) + (signature.endsWith('A') ? 'B' : 'A');
    const forged = signPortalToken(Buffer.alloc(32, 7), 'K3', new Date('2030-01-01'));
    for (const bad of [
      `${otherCustomer}.${signature}`,
      `${longer}.${signature}`,
      `${payload}.${flipped}`,
      `${payload}.`,
      payload,
      'garbage',
      forged,
      `${token}.x`,
    ]) {
      expect((await page(bad)).statusCode, bad).toBe(404);
      expect((await api.app.inject({ method: 'GET', url: `/api/portal/${bad}` })).statusCode).toBe(404);
      expect((await form(bad, 'promise', 'amount=1.00&date=2025-07-25&companyId=C1')).statusCode).toBe(404);
    }
  });

  it('rejects expired links with 410, and an expired link changes nothing', async () => {
    const before = (await listAudit(api.ops, { actor: 'portal:K3' })).length;
    api.clock.now = new Date('2025-07-11T09:00:01Z');
    try {
      expect((await page(token)).statusCode).toBe(410);
      expect((await page(token)).body).toMatch(/expired/);
      expect((await api.app.inject({ method: 'GET', url: `/api/portal/${token}` })).json()).toMatchObject({
        error: 'expired',
      });
      expect((await form(token, 'promise', 'amount=1.00&date=2025-07-25&companyId=C1')).statusCode).toBe(410);
      expect(pdfUrl).toBeTruthy();
      expect((await api.app.inject({ method: 'GET', url: pdfUrl })).statusCode).toBe(410);
      const json = await api.app.inject({
        method: 'POST',
        url: `/api/portal/${token}/promises`,
        payload: { amount: '1.00', date: '2025-07-25', companyId: 'C1' },
      });
      expect(json.statusCode).toBe(410);
      expect((await listAudit(api.ops, { actor: 'portal:K3' })).length).toBe(before);
    } finally {
      api.clock.now = new Date('2025-07-01T09:00:00Z');
    }
  });
});

describe('portal link signing', () => {
  const secret = Buffer.alloc(32, 1);
  it('round-trips and expires exactly at its time', () => {
    const t = signPortalToken(secret, 'K/é 1', new Date('2025-01-01T00:00:00Z'));
    expect(verifyPortalToken(secret, t, new Date('2024-12-31T23:59:59Z'))).toEqual({
      ok: true,
      customerId: 'K/é 1',
      expiresAt: new Date('2025-01-01T00:00:00Z'),
    });
    expect(verifyPortalToken(secret, t, new Date('2025-01-01T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
    expect(verifyPortalToken(Buffer.alloc(32, 2), t, new Date('2024-06-01'))).toEqual({
      ok: false,
      reason: 'invalid',
    });
  });
});

/** A small real PDF (pdfkit), as the accounting system would export. */
function renderPdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4' });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.text(text);
    doc.end();
  });
}
