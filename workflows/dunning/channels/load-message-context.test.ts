import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPortalToken } from '../../../api/portal/signing.js';
import { loadConfig } from '../../../lib/config.js';
import { openDuckDb, type Warehouse } from '../../../warehouse/db.js';
import { migrateWarehouse } from '../../../warehouse/migrate.js';
import { savePaymentDetails } from '../../../warehouse/ops/customer-settings.queries.js';
import { createOpsDb, type OpsDb } from '../../../warehouse/ops/database.js';
import { renderEmail } from '../messages/render-email.js';
import { sampleAction } from '../messages/test-fixtures.js';
import { createMessageContextLoader, loadMessageContext, parseMailbox } from './load-message-context.js';

let warehouse: Warehouse;
let ops: OpsDb;
const secret = randomBytes(32);

beforeEach(async () => {
  warehouse = await openDuckDb(':memory:');
  await migrateWarehouse(warehouse);
  ops = createOpsDb(warehouse);
  await warehouse.run(`create schema if not exists core;
    create table core.companies as select * from (values ('ACME', 'Acmé Industrie'), ('OTHER', 'Other Ltd')) t(company_id, name)`);
});
afterEach(async () => {
  await ops.destroy();
  warehouse.close();
});

describe('loadMessageContext', () => {
  it('gathers the company name, payment details, a signed portal link, the sender and the legal terms', async () => {
    await savePaymentDetails(ops, {
      company_id: 'ACME',
      beneficiary: 'Acmé Industrie SAS',
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
      note: null,
    });
    const deps = {
      warehouse,
      ops,
      sender: 'Service recouvrement <ar@acme.example>',
      portalSecret: secret,
      publicUrl: 'https://encours.acme.example/',
      companyAddresses: { ACME: ['12 rue de la Paix', '75002 Paris'] },
    };
    const action = sampleAction();
    const context = await loadMessageContext(deps, action);
    expect(context).toMatchObject({
      company: { id: 'ACME', name: 'Acmé Industrie', address: ['12 rue de la Paix', '75002 Paris'] },
      paymentDetails: {
        beneficiary: 'Acmé Industrie SAS',
        iban: 'FR7630006000011234567890189',
        bic: 'AGRIFRPP',
        note: null,
      },
      sender: { name: 'Service recouvrement', email: 'ar@acme.example' },
      latePenaltyRate: '12.15',
      noticeDays: 8,
    });
    const token = context.portalUrl!.replace('https://encours.acme.example/portal/', '');
    expect(context.portalUrl).toMatch(/^https:\/\/encours\.acme\.example\/portal\/[\w-]+\.[\w-]+$/);
    const check = verifyPortalToken(secret, token, new Date('2026-04-15T12:00:00Z'));
    expect(check).toMatchObject({ ok: true, customerId: 'C-042' });
    expect(verifyPortalToken(secret, token, new Date('2026-04-16T00:00:00Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
    // the same action renders the same message (a retried send)
    const load = createMessageContextLoader(deps);
    expect(renderEmail(action, await load(action))).toEqual(renderEmail(action, await load(action)));
    expect(renderEmail(action, context).text).toContain(context.portalUrl!);
  });

  it('works without payment details, portal secret or company row', async () => {
    const context = await loadMessageContext(
      {
        warehouse,
        ops,
        sender: { name: 'AR', email: 'ar@x.example' },
        portalSecret: null,
        publicUrl: 'http://127.0.0.1:3000',
        latePenaltyRate: '15',
      },
      sampleAction({ company_id: 'NEW' }),
    );
    expect(context).toMatchObject({
      company: { name: 'NEW', address: [] },
      paymentDetails: null,
      portalUrl: null,
      latePenaltyRate: '15',
    });
  });

  it('parses the sender mailbox and says what is wrong with a bad one', () => {
    expect(parseMailbox('ar@acme.example')).toEqual({ name: 'ar@acme.example', email: 'ar@acme.example' });
    expect(parseMailbox('"Acmé, AR" <ar@acme.example>')).toEqual({
      name: 'Acmé, AR',
      email: 'ar@acme.example',
    });
    expect(() => parseMailbox('Acme AR')).toThrow(/ENCOURS_MAIL_FROM/);
  });
});

describe('reminder configuration', () => {
  it('defaults the public URL to the API address and reads the mail and penalty settings', () => {
    const config = loadConfig({ ENCOURS_HOST: '0.0.0.0', ENCOURS_PORT: '8080' }, '/tmp');
    expect(config.publicUrl).toBe('http://0.0.0.0:8080');
    expect(config.latePenaltyRate).toBeUndefined();
    const set = loadConfig(
      {
        ENCOURS_PUBLIC_URL: 'https://ar.example.com/',
        ENCOURS_MAIL_FROM: 'AR <ar@example.com>',
        ENCOURS_LATE_PENALTY_RATE: '13.5',
      },
      '/tmp',
    );
    expect(set).toMatchObject({
      publicUrl: 'https://ar.example.com',
      mailFrom: 'AR <ar@example.com>',
      latePenaltyRate: '13.5',
    });
    expect(() => loadConfig({ ENCOURS_PUBLIC_URL: 'ar.example.com' }, '/tmp')).toThrow(
      /ENCOURS_PUBLIC_URL must be an http/,
    );
    expect(() => loadConfig({ ENCOURS_LATE_PENALTY_RATE: '12,15' }, '/tmp')).toThrow(
      /ENCOURS_LATE_PENALTY_RATE/,
    );
  });
});
