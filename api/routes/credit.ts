import type { FastifyInstance } from 'fastify';
import { listCustomerCompanies } from '../../warehouse/scope/customer-card.queries.js';
import { EncoursError } from '../../lib/errors.js';
import { saveCustomerSettings } from '../../warehouse/ops/customer-settings.queries.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { notifyCustomerOwner } from './support/commitments.js';
import { checkCreditLimit } from './support/credit.js';
import { requireCustomer } from './support/customer-card.js';
import { sendMails } from './support/notify.js';
import { commonErrors, customerParams, decimal, isoDate, money } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const settingsSchema = {
  type: 'object',
  required: ['customer_id', 'credit_limit', 'credit_hold', 'reminders_paused_until'],
  properties: {
    customer_id: { type: 'string' },
    credit_limit: {
      type: ['string', 'null'],
      description: 'set in the application; null: the ledger limit applies',
    },
    credit_hold: { type: 'boolean' },
    hold_reason: { type: ['string', 'null'] },
    reminders_paused_until: { type: ['string', 'null'] },
    pause_reason: { type: ['string', 'null'] },
    check: {
      type: 'object',
      properties: {
        exposure: decimal,
        limit: { type: ['string', 'null'] },
        over: { type: 'boolean' },
        alerted: { type: 'boolean' },
      },
    },
  },
} as const;

interface CreditBody {
  creditLimit?: string | null;
  hold?: boolean;
  reason?: string;
}

/** Credit limit and credit hold (the owner is alerted when the exposure passes the limit), and reminder pauses. */
export async function registerCreditRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.put<{ Params: { id: string }; Body: CreditBody }>(
    '/api/customers/:id/credit',
    {
      config: { access: 'write' },
      schema: {
        summary:
          'Set the credit limit (reporting currency; null: back to the ledger limit) and/or the credit hold',
        params: customerParams,
        body: {
          type: 'object',
          additionalProperties: false,
          minProperties: 1,
          properties: {
            creditLimit: { anyOf: [money, { type: 'null' }] },
            hold: { type: 'boolean' },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: { 200: settingsSchema, ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const db = await warehouseOf(request);
      const customer = await requireCustomer(db, request.params.id);
      const { creditLimit, hold, reason } = request.body;
      if (creditLimit === undefined && hold === undefined)
        throw new EncoursError('bad_input', 'body: give creditLimit and/or hold');
      const { after, mails } = await withAudit(services.ops, actorOf(principal), async (trx) => {
        const change = await saveCustomerSettings(trx, customer.customer_id, {
          ...(creditLimit !== undefined ? { credit_limit: creditLimit } : {}),
          ...(hold !== undefined ? { credit_hold: hold, hold_reason: hold ? (reason ?? null) : null } : {}),
          updated_by: actorOf(principal),
        });
        const newHold = hold === true && !change.before?.credit_hold;
        const mails = newHold
          ? await notifyCustomerOwner(services, trx, customer, {
              kind: 'credit_hold',
              entity: 'customer',
              entityId: customer.customer_id,
              message: `${principal.user.name} put ${customer.name} (${customer.customer_id}) on credit hold${reason ? `: ${reason}` : ''}`,
              subject: `encours: ${customer.name} is on credit hold`,
            })
          : [];
        return {
          result: { after: change.after, mails },
          changes: [
            {
              action: 'credit',
              entity: 'customer',
              entityId: customer.customer_id,
              before: change.before ?? null,
              after: change.after,
            },
          ],
        };
      });
      await sendMails(services, mails);
      const check = await checkCreditLimit(services, db, customer);
      return { ...after, check };
    },
  );

  app.put<{ Params: { id: string }; Body: { pausedUntil: string | null; reason?: string } }>(
    '/api/customers/:id/reminders',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Pause automatic reminders until a date (inclusive), or resume them (null)',
        params: customerParams,
        body: {
          type: 'object',
          required: ['pausedUntil'],
          additionalProperties: false,
          properties: {
            pausedUntil: { anyOf: [isoDate, { type: 'null' }] },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: { 200: settingsSchema, ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const customer = await requireCustomer(await warehouseOf(request), request.params.id);
      const { pausedUntil, reason } = request.body;
      const saved = await withAudit(services.ops, actorOf(principal), async (trx) => {
        const change = await saveCustomerSettings(trx, customer.customer_id, {
          reminders_paused_until: pausedUntil,
          pause_reason: pausedUntil === null ? null : (reason ?? null),
          updated_by: actorOf(principal),
        });
        return {
          result: change.after,
          changes: [
            {
              action: 'reminders',
              entity: 'customer',
              entityId: customer.customer_id,
              before: change.before ?? null,
              after: change.after,
            },
          ],
        };
      });
      if (services.collections) {
        const db = await warehouseOf(request);
        for (const companyId of await listCustomerCompanies(db, customer.customer_id)) {
          await services.collections.send(
            companyId,
            customer.customer_id,
            pausedUntil === null ? 'resume' : 'pause',
            pausedUntil === null
              ? undefined
              : { until: pausedUntil, reason: reason ?? 'paused in the application' },
          );
        }
      }
      return saved;
    },
  );
}
