import type { FastifyInstance } from 'fastify';
import { listPaymentDetails, savePaymentDetails } from '../../warehouse/ops/customer-settings.queries.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { commonErrors, companyId, timestamp } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

const detailsSchema = {
  type: 'object',
  required: ['company_id', 'beneficiary', 'iban'],
  properties: {
    company_id: { type: 'string' },
    beneficiary: { type: 'string' },
    iban: { type: 'string' },
    bic: { type: ['string', 'null'] },
    note: { type: ['string', 'null'] },
    updated_at: timestamp,
  },
} as const;

/** The bank details the customer portal shows per company (admin only). */
export async function registerPaymentDetailRoutes(
  app: FastifyInstance,
  services: ApiServices,
): Promise<void> {
  app.get(
    '/api/payment-details',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Payment details of every company',
        response: { 200: { type: 'array', items: detailsSchema }, ...commonErrors },
      },
    },
    async () => listPaymentDetails(services.ops),
  );

  app.put<{
    Params: { id: string };
    Body: { beneficiary: string; iban: string; bic?: string; note?: string };
  }>(
    '/api/companies/:id/payment-details',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Set the payment details the portal shows for a company',
        params: {
          type: 'object',
          required: ['id'],
          additionalProperties: false,
          properties: { id: companyId },
        },
        body: {
          type: 'object',
          required: ['beneficiary', 'iban'],
          additionalProperties: false,
          properties: {
            beneficiary: { type: 'string', minLength: 1, maxLength: 200 },
            iban: { type: 'string', pattern: '^[A-Z]{2}[0-9]{2}[A-Z0-9 ]{10,40}$' },
            bic: { type: 'string', pattern: '^[A-Z0-9]{8}([A-Z0-9]{3})?$' },
            note: { type: 'string', maxLength: 500 },
          },
        },
        response: { 200: detailsSchema, ...commonErrors },
      },
    },
    async (request) => {
      const b = request.body;
      return withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const { before, after } = await savePaymentDetails(trx, {
          company_id: request.params.id,
          beneficiary: b.beneficiary,
          iban: b.iban,
          bic: b.bic ?? null,
          note: b.note ?? null,
        });
        return {
          result: after,
          changes: [
            {
              action: before ? 'update' : 'create',
              entity: 'payment_details',
              entityId: request.params.id,
              before: before ?? null,
              after,
            },
          ],
        };
      });
    },
  );
}
