import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import {
  findPortfolio,
  insertPortfolio,
  listPortfolioCustomers,
  listPortfolios,
  replacePortfolioCustomers,
} from '../../warehouse/ops/access.queries.js';
import { actorOf } from '../auth/access.js';
import { bumpAccessGeneration } from '../../warehouse/scope/access-generation.js';
import { withAudit } from './support/audit.js';
import { commonErrors, customerId, errorSchema, idParams, timestamp } from './support/schemas.js';
import { principalOf, type ApiServices } from './support/services.js';

const portfolioSchema = {
  type: 'object',
  required: ['id', 'name'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    created_at: timestamp,
    customers: { type: 'integer' },
  },
} as const;
const portfolioWithCustomers = {
  type: 'object',
  required: ['id', 'name', 'customerIds'],
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    created_at: timestamp,
    customerIds: { type: 'array', items: { type: 'string' } },
  },
} as const;

/** Portfolios of customers that user scopes refer to (admin only). */
export async function registerPortfolioRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get(
    '/api/portfolios',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Every portfolio with its customer count',
        response: { 200: { type: 'array', items: portfolioSchema }, ...commonErrors },
      },
    },
    async () => listPortfolios(services.ops),
  );

  app.post<{ Body: { name: string } }>(
    '/api/portfolios',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Create a portfolio',
        body: {
          type: 'object',
          required: ['name'],
          additionalProperties: false,
          properties: { name: { type: 'string', minLength: 1, maxLength: 200 } },
        },
        response: { 201: portfolioSchema, 409: errorSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const created = await withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const portfolio = await insertPortfolio(trx, request.body.name);
        return {
          result: portfolio,
          changes: [{ action: 'create', entity: 'portfolio', entityId: portfolio.id, after: portfolio }],
        };
      });
      return reply.code(201).send({ ...created, customers: 0 });
    },
  );

  app.get<{ Params: { id: number } }>(
    '/api/portfolios/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'A portfolio and its customers',
        params: idParams,
        response: { 200: portfolioWithCustomers, ...commonErrors },
      },
    },
    async (request) => {
      const portfolio = await findPortfolio(services.ops, request.params.id);
      if (!portfolio) throw new EncoursError('not_found', `no portfolio ${request.params.id}`);
      return { ...portfolio, customerIds: await listPortfolioCustomers(services.ops, portfolio.id) };
    },
  );

  app.put<{ Params: { id: number }; Body: { customerIds: string[] } }>(
    '/api/portfolios/:id/customers',
    {
      config: { access: 'admin' },
      schema: {
        summary: "Replace a portfolio's customers",
        params: idParams,
        body: {
          type: 'object',
          required: ['customerIds'],
          additionalProperties: false,
          properties: { customerIds: { type: 'array', items: customerId, maxItems: 100000 } },
        },
        response: { 200: portfolioWithCustomers, ...commonErrors },
      },
    },
    async (request) => {
      const portfolio = await findPortfolio(services.ops, request.params.id);
      if (!portfolio) throw new EncoursError('not_found', `no portfolio ${request.params.id}`);
      const written = await withAudit(services.ops, actorOf(principalOf(request)), async (trx) => {
        const { before, after } = await replacePortfolioCustomers(
          trx,
          portfolio.id,
          request.body.customerIds,
        );
        return {
          result: { ...portfolio, customerIds: after },
          changes: [
            {
              action: 'customers',
              entity: 'portfolio',
              entityId: portfolio.id,
              before: { customerIds: before },
              after: { customerIds: after },
            },
          ],
        };
      });
      bumpAccessGeneration(); // committed: scopes cached meanwhile resolve again
      return written;
    },
  );
}
