import type { FastifyInstance } from 'fastify';
import { addDays } from '../../lib/dates.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { listOpenDisputes, listPromisesDue } from '../../warehouse/ops/commitments.queries.js';
import { listCustomersOnHold } from '../../warehouse/ops/customer-settings.queries.js';
import { findVisibleCustomers } from '../../warehouse/scope/customer-card.queries.js';
import { listCustomers } from '../../warehouse/scope/customers.queries.js';
import { disputeSchema } from './disputes.js';
import { promiseSchema } from './promises.js';
import { commonErrors, decimal } from './support/schemas.js';
import { warehouseOf, type ApiServices } from './support/services.js';

const named = (schema: { properties: object }) => ({
  ...schema,
  properties: { ...schema.properties, customer_name: { type: 'string' } },
});

/** What a collector works on today, within the caller's scope: promises due, open disputes, holds, largest overdue. */
export async function registerWorklistRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: { days?: number } }>(
    '/api/worklist',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Promises due (open, up to today + days), open disputes, customers on hold, the 20 largest overdue balances',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { days: { type: 'integer', minimum: 0, maximum: 90 } },
        },
        response: {
          200: {
            type: 'object',
            required: ['today', 'promisesDue', 'openDisputes', 'onHold', 'topOverdue'],
            properties: {
              today: { type: 'string' },
              promisesDue: { type: 'array', items: named(promiseSchema) },
              openDisputes: { type: 'array', items: named(disputeSchema) },
              onHold: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { customer_id: { type: 'string' }, customer_name: { type: 'string' } },
                },
              },
              topOverdue: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    customer_id: { type: 'string' },
                    name: { type: 'string' },
                    overdue: decimal,
                    net_ar: decimal,
                    risk_class: { type: ['string', 'null'] },
                  },
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const db = await warehouseOf(request);
      const today = services.now().toISOString().slice(0, 10);
      const promises = await listPromisesDue(
        services.ops,
        '0001-01-01',
        addDays(today, request.query.days ?? 7),
      );
      const disputes = await listOpenDisputes(services.ops);
      const holds = await listCustomersOnHold(services.ops);
      const visible = await findVisibleCustomers(db, [
        ...promises.map((p) => p.customer_id),
        ...disputes.map((d) => d.customer_id),
        ...holds,
      ]);
      const withName = <T extends { customer_id: string }>(rows: T[]) =>
        rows
          .filter((r) => visible.has(r.customer_id))
          .map((r) => ({ ...r, customer_name: visible.get(r.customer_id)! }));
      const top = await listCustomers(db, {
        asOf: await findDefaultAsOf(db),
        overdue: true,
        sort: { by: 'overdue', descending: true },
        limit: 20,
      });
      return {
        today,
        promisesDue: withName(promises),
        openDisputes: withName(disputes),
        onHold: withName(holds.map((customer_id) => ({ customer_id }))),
        topOverdue: top.items,
      };
    },
  );
}
