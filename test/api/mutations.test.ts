import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../warehouse/ops/audit.queries.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.close());

const call = (
  person: Parameters<TestApi['as']>[0],
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
) => api.as(person, { method, url, ...(payload ? { payload } : {}) });

/** The audit entries appended while `work` ran. */
async function auditOf(work: () => Promise<unknown>) {
  const [last] = await listAudit(api.ops, { limit: 1 });
  await work();
  return (await listAudit(api.ops, { limit: 1000 })).filter((e) => e.id > (last?.id ?? 0)).reverse();
}

describe('every mutation appends an audit row: who, when, what, before and after', () => {
  it('comment', async () => {
    const rows = await auditOf(() =>
      call('user', 'POST', '/api/customers/K2/comments', { body: 'sent the statement' }),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actor: `user:${api.ids.user}`,
      action: 'create',
      entity: 'comment',
      before: null,
      after: { body: 'sent the statement', customer_id: 'K2' },
    });
    expect(rows[0]!.at).toBeInstanceOf(Date);
  });

  it('promise, then closing it', async () => {
    let id = 0;
    const created = await auditOf(async () => {
      const response = await call('user', 'POST', '/api/customers/K2/promises', {
        amount: '1200.50',
        date: '2025-07-20',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({
        company_id: 'C1',
        amount: '1200.50',
        promised_date: '2025-07-20',
        status: 'open',
        created_by: `user:${api.ids.user}`,
      });
      id = response.json().id;
    });
    expect(created).toMatchObject([
      { action: 'create', entity: 'promise', entity_id: String(id), after: { amount: '1200.50' } },
    ]);
    const closed = await auditOf(() => call('user', 'PATCH', `/api/promises/${id}`, { status: 'kept' }));
    expect(closed).toMatchObject([
      { action: 'update', entity: 'promise', before: { status: 'open' }, after: { status: 'kept' } },
    ]);
    const again = await call('user', 'PATCH', `/api/promises/${id}`, { status: 'broken' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/already kept/);
  });

  it('dispute, then resolving it; a second open dispute on the same document is a conflict', async () => {
    let id = 0;
    const opened = await auditOf(async () => {
      const response = await call('user', 'POST', '/api/customers/K2/disputes', {
        documentId: 'C1-INV-0014',
        reason: 'quantity short',
      });
      expect(response.statusCode).toBe(201);
      id = response.json().id;
    });
    expect(opened).toMatchObject([
      { action: 'create', entity: 'dispute', after: { document_id: 'C1-INV-0014', status: 'open' } },
    ]);
    expect(
      (
        await call('user', 'POST', '/api/customers/K2/disputes', {
          documentId: 'C1-INV-0014',
          reason: 'again',
        })
      ).statusCode,
    ).toBe(409);
    const resolved = await auditOf(() =>
      call('user', 'POST', `/api/disputes/${id}/resolve`, { status: 'resolved', note: 'credit note issued' }),
    );
    expect(resolved).toMatchObject([
      {
        action: 'resolve',
        before: { status: 'open' },
        after: { status: 'resolved', note: 'credit note issued' },
      },
    ]);
    const card = (await call('user', 'GET', '/api/customers/K2')).json();
    expect(
      card.timeline
        .filter((e: { kind: string }) => e.kind.startsWith('dispute'))
        .map((e: { kind: string; actor: string }) => [e.kind, e.actor]),
    ).toEqual([
      ['dispute_closed', `user:${api.ids.user}`],
      ['dispute', `user:${api.ids.user}`],
    ]);
  });

  it('credit limit and hold: the owner is told of the hold and, once, that the exposure passed the limit', async () => {
    api.mails.length = 0;
    const sam = api.ids.sam;
    const rows = await auditOf(async () => {
      const response = await call('admin', 'PUT', '/api/customers/K1/credit', {
        creditLimit: '100.00',
        hold: true,
        reason: 'two invoices over 60 days',
      });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({
        credit_limit: '100.00',
        credit_hold: true,
        hold_reason: 'two invoices over 60 days',
        check: { over: true, alerted: true, limit: '100.00' },
      });
    });
    expect(rows.map((r) => [r.actor, r.action])).toEqual([
      [`user:${api.ids.admin}`, 'credit'],
      ['system', 'over_limit'],
    ]);
    expect(rows[0]).toMatchObject({ before: null, after: { credit_limit: '100.00', credit_hold: true } });
    const notes = (await call('sam', 'GET', '/api/notifications')).json();
    expect(notes.items.map((n: { kind: string }) => n.kind).sort()).toEqual(['credit_hold', 'credit_limit']);
    expect(api.mails.filter((m) => m.to === 'sam@example.com')).toHaveLength(2);
    // still over the limit: no second alert
    await call('admin', 'PUT', '/api/customers/K1/credit', { hold: false });
    expect((await call('sam', 'GET', '/api/notifications')).json().items).toHaveLength(2);
    // back under the limit, then over again: a new alert
    const under = (
      await call('admin', 'PUT', '/api/customers/K1/credit', { creditLimit: '999999.00' })
    ).json();
    expect(under.check).toMatchObject({ over: false, alerted: false });
    expect(
      (await call('admin', 'PUT', '/api/customers/K1/credit', { creditLimit: '1.00' })).json().check.alerted,
    ).toBe(true);
    expect((await call('sam', 'GET', '/api/notifications?unread=true')).json().unread).toBe(3);
    const card = (await call('sam', 'GET', '/api/customers/K1')).json();
    expect(card.settings).toMatchObject({
      credit_limit: '1.00',
      credit_limit_source: 'application',
      credit_hold: false,
    });
    expect(card.kpis.over_limit).toBe(true);
    expect(
      card.timeline.some(
        (e: { kind: string; summary: string }) =>
          e.kind === 'change' && /credit_limit → 1.00/.test(e.summary),
      ),
    ).toBe(true);
    void sam;
  });

  it('reminder pause', async () => {
    const rows = await auditOf(() =>
      call('user', 'PUT', '/api/customers/K5/reminders', {
        pausedUntil: '2025-07-31',
        reason: 'owner on leave',
      }),
    );
    expect(rows).toMatchObject([
      {
        action: 'reminders',
        entity: 'customer',
        entity_id: 'K5',
        after: { reminders_paused_until: '2025-07-31', pause_reason: 'owner on leave' },
      },
    ]);
    const resumed = await auditOf(() =>
      call('user', 'PUT', '/api/customers/K5/reminders', { pausedUntil: null }),
    );
    expect(resumed).toMatchObject([
      {
        before: { reminders_paused_until: '2025-07-31' },
        after: { reminders_paused_until: null, pause_reason: null },
      },
    ]);
  });

  it('users, scopes, tokens, portfolios and payment details (admin)', async () => {
    let userId = 0;
    const created = await auditOf(async () => {
      const response = await call('admin', 'POST', '/api/users', {
        email: 'New@Example.com',
        role: 'viewer',
        password: 'a long enough password',
      });
      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ email: 'new@example.com', role: 'viewer', name: 'New' });
      userId = response.json().id;
    });
    expect(created).toMatchObject([
      { entity: 'user', action: 'create', after: { email: 'new@example.com', has_password: true } },
    ]);
    expect(JSON.stringify(created)).not.toMatch(/scrypt/);
    expect(
      (await call('admin', 'POST', '/api/users', { email: 'new@example.com', role: 'viewer' })).statusCode,
    ).toBe(409);

    const changed = await auditOf(() =>
      call('admin', 'PATCH', `/api/users/${userId}`, { role: 'analyst', password: 'another long password' }),
    );
    expect(changed).toMatchObject([
      { before: { role: 'viewer' }, after: { role: 'analyst', password_changed: true } },
    ]);
    expect(JSON.stringify(changed)).not.toMatch(/scrypt/);

    let portfolioId = 0;
    const portfolio = await auditOf(async () => {
      portfolioId = (await call('admin', 'POST', '/api/portfolios', { name: 'Key accounts' })).json().id;
      await call('admin', 'PUT', `/api/portfolios/${portfolioId}/customers`, {
        customerIds: ['K3', 'K5', 'K3'],
      });
    });
    expect(portfolio).toMatchObject([
      { entity: 'portfolio', action: 'create', after: { name: 'Key accounts' } },
      {
        entity: 'portfolio',
        action: 'customers',
        before: { customerIds: [] },
        after: { customerIds: ['K3', 'K5'] },
      },
    ]);
    // the same list again replaces it with itself
    expect(
      (
        await call('admin', 'PUT', `/api/portfolios/${portfolioId}/customers`, { customerIds: ['K5', 'K3'] })
      ).json().customerIds,
    ).toEqual(['K3', 'K5']);

    const scopes = await auditOf(() =>
      call('admin', 'PUT', `/api/users/${userId}/scopes`, { grants: [{ portfolioId }] }),
    );
    expect(scopes).toMatchObject([
      {
        entity: 'user',
        action: 'scopes',
        before: { grants: [] },
        after: { grants: [{ portfolio_id: portfolioId }] },
      },
    ]);
    const token = await call('admin', 'POST', `/api/users/${userId}/tokens`);
    expect(token.statusCode).toBe(201);
    const list = await api.app.inject({
      method: 'GET',
      url: '/api/customers',
      headers: { authorization: `Bearer ${token.json().token}` },
    });
    expect(list.json().items.map((c: { customer_id: string }) => c.customer_id)).toEqual(['K3', 'K5']);

    const bank = await auditOf(() =>
      call('admin', 'PUT', '/api/companies/C2/payment-details', {
        beneficiary: 'Export SAS',
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
      }),
    );
    expect(bank).toMatchObject([
      {
        entity: 'payment_details',
        action: 'create',
        entity_id: 'C2',
        before: null,
        after: { iban: 'FR7630006000011234567890189' },
      },
    ]);
  });

  it('the audit log is append-only and readable by admins, filtered and paged', async () => {
    const all = (await call('admin', 'GET', '/api/audit?limit=5')).json();
    expect(all).toHaveLength(5);
    const older = (await call('admin', 'GET', `/api/audit?limit=5&beforeId=${all[4].id}`)).json();
    expect(older[0].id).toBeLessThan(all[4].id);
    const promises = (await call('admin', 'GET', '/api/audit?entity=promise')).json();
    expect(promises.every((e: { entity: string }) => e.entity === 'promise')).toBe(true);
    expect((await call('user', 'GET', '/api/audit')).statusCode).toBe(403);
  });
});

describe('schema validation errors are 400 and name the field', () => {
  it.each([
    ['POST', '/api/customers/K1/comments', {}, /body\.body is required/],
    ['POST', '/api/customers/K1/comments', { body: 'x', mood: 'happy' }, /body\.mood is not a known field/],
    [
      'POST',
      '/api/customers/K2/promises',
      { amount: '12,50', date: '2025-07-20' },
      /body\.amount must match pattern/,
    ],
    [
      'POST',
      '/api/customers/K2/promises',
      { amount: '10.00', date: 'tomorrow' },
      /body\.date must match pattern/,
    ],
    [
      'POST',
      '/api/customers/K2/promises',
      { amount: '10.00', date: '2025-06-01' },
      /body\.date 2025-06-01 is in the past/,
    ],
    [
      'POST',
      '/api/customers/K1/promises',
      { amount: '10.00', date: '2025-07-20' },
      /body\.companyId is required: customer "K1" has documents in C1, C2/,
    ],
    ['PATCH', '/api/promises/abc', { status: 'kept' }, /params\.id must be integer/],
    [
      'PATCH',
      '/api/promises/1',
      { status: 'paid' },
      /body\.status must be equal to one of the allowed values/,
    ],
    ['GET', '/api/customers?limit=0', undefined, /querystring\.limit must be >= 1/],
    ['GET', '/api/customers?sort=balance', undefined, /querystring\.sort must match pattern/],
    ['GET', '/api/customers?filter=colour:red', undefined, /querystring\.filter: unknown key "colour"/],
    ['GET', '/api/customers?asOf=2025-13-01&x=1', undefined, /querystring\.x is not a known field/],
    ['GET', '/api/kpi?currency=euro', undefined, /querystring\.currency must match pattern/],
    ['POST', '/api/users', { email: 'not-an-email', role: 'user' }, /body\.email must match format "email"/],
    [
      'POST',
      '/api/users',
      { email: 'a@b.co', role: 'root' },
      /body\.role must be equal to one of the allowed values/,
    ],
    ['POST', '/api/users', { email: 'a@b.co', role: 'user', password: 'short' }, /at least 10 characters/],
    ['PUT', '/api/customers/K1/credit', {}, /body must NOT have fewer than 1 properties/],
    [
      'PUT',
      '/api/companies/C1/payment-details',
      { beneficiary: 'X', iban: 'not an iban' },
      /body\.iban must match pattern/,
    ],
  ] as const)('%s %s %j', async (method, url, payload, message) => {
    const response = await call('admin', method, url, payload as object | undefined);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'bad_input', message: expect.stringMatching(message) });
  });
});

describe('comments and notifications', () => {
  it('mentions notify in the app and by email, and notifications are read one by one or all at once', async () => {
    api.mails.length = 0;
    const posted = await call('admin', 'POST', '/api/customers/K4/comments', {
      body: 'Can you call them, @uma? cc @vic@example.com and @nobody',
      documentId: 'C2-INV-0031',
    });
    expect(posted.statusCode).toBe(201);
    expect(posted.json()).toMatchObject({
      comment: { company_id: 'C2', document_id: 'C2-INV-0031', author_name: 'Admin' },
      unresolvedMentions: ['nobody'],
    });
    expect(posted.json().notified.sort()).toEqual([api.ids.user, api.ids.viewer].sort());
    expect(api.mails.map((m) => m.to).sort()).toEqual(['uma@example.com', 'vic@example.com']);
    expect(api.mails[0]!.subject).toMatch(/Admin mentioned you on Delta Export/);
    const mine = (await call('viewer', 'GET', '/api/notifications?unread=true')).json();
    expect(mine.unread).toBeGreaterThan(0);
    const first = mine.items[0];
    expect(first).toMatchObject({ kind: 'mention', entity: 'comment', read_at: null });
    expect(
      (await call('viewer', 'POST', `/api/notifications/${first.id}/read`)).json().read_at,
    ).not.toBeNull();
    // someone else's notification is not found
    expect((await call('user', 'POST', `/api/notifications/${first.id}/read`)).statusCode).toBe(404);
    await call('viewer', 'POST', '/api/notifications/read-all');
    expect((await call('viewer', 'GET', '/api/notifications')).json().unread).toBe(0);
    const comments = (await call('viewer', 'GET', '/api/customers/K4/comments')).json();
    expect(comments[0]).toMatchObject({
      author_name: 'Admin',
      mentions: expect.arrayContaining([api.ids.user, api.ids.viewer]),
    });
  });

  it('a comment or a promise naming a document the customer does not have is 404, and says which', async () => {
    expect(
      (await call('user', 'POST', '/api/customers/K4/comments', { body: 'x', documentId: 'C1-INV-0001' }))
        .statusCode,
    ).toBe(404);
    const promise = await call('user', 'POST', '/api/customers/K2/promises', {
      amount: '10.00',
      date: '2025-07-20',
      documentIds: ['C1-INV-0001'],
    });
    expect(promise.statusCode).toBe(404);
    expect(promise.json().message).toMatch(/body\.documentIds: customer "K2" has no invoice "C1-INV-0001"/);
  });
});

describe('the customer card', () => {
  it('holds identity, KPIs, open items with aging, payments and the timeline, money as exact decimals', async () => {
    const card = (await call('viewer', 'GET', '/api/customers/K2?asOf=2025-06-30')).json();
    expect(card.customer).toMatchObject({
      customer_id: 'K2',
      name: 'Beta Logistique',
      agency: 'North',
      owner: 'sam@example.com',
    });
    expect(card.asOf).toBe('2025-06-30');
    expect(card.currency).toBe('EUR');
    const sumOpen = card.openItems.reduce(
      (cents: number, i: { open_amount: string }) => cents + Math.round(Number(i.open_amount) * 100),
      0,
    );
    const aging = card.kpis.aging;
    const agedCents = ['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90'].reduce(
      (c, k) => c + Math.round(Number(aging[k]) * 100),
      0,
    );
    expect(sumOpen).toBe(agedCents);
    expect(Number(aging.unapplied)).toBeLessThan(0);
    expect(card.kpis.exposure).toBe(aging.net_ar);
    for (const item of card.openItems) {
      expect(item.open_amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(['not_due', 'days_1_30', 'days_31_60', 'days_61_90', 'days_over_90']).toContain(item.bucket);
    }
    expect(card.payments.length).toBeGreaterThan(0);
    expect(card.payments[0]).toMatchObject({
      payment_id: expect.any(String),
      allocated: expect.stringMatching(/^\d+\.\d{2}$/),
    });
    expect(card.timeline.map((e: { kind: string }) => e.kind)).toEqual(
      expect.arrayContaining(['comment', 'promise', 'dispute']),
    );
    expect(card.scores).toEqual([]);
  });
});
