import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { closeDispute, findDispute, listCustomerDisputes } from '../../warehouse/ops/commitments.queries.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { openDispute, type DisputeInput } from './support/commitments.js';
import { requireCustomer } from './support/customer-card.js';
import {
  commonErrors,
  companyId,
  customerParams,
  documentId,
  errorSchema,
  idParams,
  timestamp,
} from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

export const disputeSchema = {
  type: 'object',
  required: ['id', 'company_id', 'customer_id', 'document_id', 'reason', 'status', 'opened_at'],
  properties: {
    id: { type: 'integer' },
    company_id: { type: 'string' },
    customer_id: { type: 'string' },
    document_id: { type: 'string' },
    reason: { type: 'string' },
    status: { type: 'string', enum: ['open', 'resolved', 'rejected'] },
    opened_at: timestamp,
    resolved_at: { type: ['string', 'null'] },
  },
} as const;

export const disputeBody = {
  type: 'object',
  required: ['documentId', 'reason'],
  additionalProperties: false,
  properties: { documentId, reason: { type: 'string', minLength: 3, maxLength: 2000 }, companyId },
} as const;

/** Disputes on documents: list, open, and close as resolved or rejected. */
export async function registerDisputeRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/disputes',
    {
      config: { access: 'read' },
      schema: {
        summary: "A customer's disputes, newest first",
        params: customerParams,
        response: { 200: { type: 'array', items: disputeSchema }, ...commonErrors },
      },
    },
    async (request) => {
      await requireCustomer(await warehouseOf(request), request.params.id);
      return listCustomerDisputes(services.ops, request.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: DisputeInput }>(
    '/api/customers/:id/disputes',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Open a dispute on one of the customer documents',
        params: customerParams,
        body: disputeBody,
        response: { 201: disputeSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const db = await warehouseOf(request);
      const customer = await requireCustomer(db, request.params.id);
      return reply
        .code(201)
        .send(await openDispute(services, db, actorOf(principalOf(request)), customer, request.body));
    },
  );

  app.post<{ Params: { id: number }; Body: { status: 'resolved' | 'rejected'; note?: string } }>(
    '/api/disputes/:id/resolve',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Close an open dispute as resolved or rejected',
        params: idParams,
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: {
            status: { type: 'string', enum: ['resolved', 'rejected'] },
            note: { type: 'string', maxLength: 2000 },
          },
        },
        response: { 200: disputeSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const dispute = await findDispute(services.ops, request.params.id);
      const visible =
        dispute &&
        (await requireCustomer(await warehouseOf(request), dispute.customer_id).then(
          () => true,
          () => false,
        ));
      if (!dispute || !visible) throw new EncoursError('not_found', `no dispute ${request.params.id}`);
      const closed = await withAudit(services.ops, actorOf(principal), async (trx) => {
        const current = await findDispute(trx, dispute.id);
        if (current?.status !== 'open')
          throw new EncoursError('conflict', `dispute ${dispute.id} is already ${current?.status}`);
        const after = await closeDispute(trx, dispute.id, request.body.status);
        return {
          result: after,
          changes: [
            {
              action: 'resolve',
              entity: 'dispute',
              entityId: dispute.id,
              before: current,
              after: { ...after, note: request.body.note ?? null },
            },
          ],
        };
      });
      await services.collections?.send(dispute.company_id, dispute.customer_id, 'dispute', {
        documentId: dispute.document_id,
        status: 'closed',
      });
      return closed;
    },
  );
}
