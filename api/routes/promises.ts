import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import {
  findPromise,
  listCustomerPromises,
  setPromiseStatus,
} from '../../warehouse/ops/commitments.queries.js';
import type { PromiseStatus } from '../../warehouse/ops/promises.table.js';
import { actorOf } from '../auth/access.js';
import { withAudit } from './support/audit.js';
import { createPromise, type PromiseInput } from './support/commitments.js';
import { requireCustomer } from './support/customer-card.js';
import {
  commonErrors,
  companyId,
  customerParams,
  documentId,
  errorSchema,
  idParams,
  isoDate,
  money,
  timestamp,
} from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

export const promiseSchema = {
  type: 'object',
  required: [
    'id',
    'company_id',
    'customer_id',
    'document_ids',
    'amount',
    'promised_date',
    'status',
    'created_by',
    'created_at',
  ],
  properties: {
    id: { type: 'integer' },
    company_id: { type: 'string' },
    customer_id: { type: 'string' },
    document_ids: { type: 'array', items: { type: 'string' } },
    amount: money,
    promised_date: isoDate,
    status: { type: 'string', enum: ['open', 'kept', 'broken', 'cancelled'] },
    created_by: { type: 'string' },
    created_at: timestamp,
  },
} as const;

export const promiseBody = {
  type: 'object',
  required: ['amount', 'date'],
  additionalProperties: false,
  properties: {
    amount: money,
    date: { ...isoDate, description: 'the day the customer promised to pay by (today or later)' },
    documentIds: {
      type: 'array',
      items: documentId,
      maxItems: 500,
      description: 'the invoices it covers; none: the balance',
    },
    companyId,
  },
} as const;

/** Promises to pay: list, record, and close them as kept, broken or cancelled. */
export async function registerPromiseRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Params: { id: string } }>(
    '/api/customers/:id/promises',
    {
      config: { access: 'read' },
      schema: {
        summary: "A customer's promises to pay, newest first",
        params: customerParams,
        response: { 200: { type: 'array', items: promiseSchema }, ...commonErrors },
      },
    },
    async (request) => {
      await requireCustomer(await warehouseOf(request), request.params.id);
      return listCustomerPromises(services.ops, request.params.id);
    },
  );

  app.post<{ Params: { id: string }; Body: PromiseInput }>(
    '/api/customers/:id/promises',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Record a promise to pay',
        params: customerParams,
        body: promiseBody,
        response: { 201: promiseSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const db = await warehouseOf(request);
      const customer = await requireCustomer(db, request.params.id);
      return reply
        .code(201)
        .send(await createPromise(services, db, actorOf(principalOf(request)), customer, request.body));
    },
  );

  app.patch<{ Params: { id: number }; Body: { status: Exclude<PromiseStatus, 'open'> } }>(
    '/api/promises/:id',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Close an open promise as kept, broken or cancelled',
        params: idParams,
        body: {
          type: 'object',
          required: ['status'],
          additionalProperties: false,
          properties: { status: { type: 'string', enum: ['kept', 'broken', 'cancelled'] } },
        },
        response: { 200: promiseSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const promise = await findPromise(services.ops, request.params.id);
      if (!promise) throw new EncoursError('not_found', `no promise ${request.params.id}`);
      try {
        await requireCustomer(await warehouseOf(request), promise.customer_id);
      } catch {
        throw new EncoursError('not_found', `no promise ${request.params.id}`);
      }
      return withAudit(services.ops, actorOf(principal), async (trx) => {
        const current = await findPromise(trx, promise.id);
        if (current?.status !== 'open')
          throw new EncoursError(
            'conflict',
            `promise ${promise.id} is already ${current?.status}; only an open promise changes`,
          );
        const after = await setPromiseStatus(trx, promise.id, request.body.status);
        return {
          result: after,
          changes: [{ action: 'update', entity: 'promise', entityId: promise.id, before: current, after }],
        };
      });
    },
  );
}
