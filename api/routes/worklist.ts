import type { FastifyInstance } from 'fastify';
import { addDays } from '../../lib/dates.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { listOpenDisputes, listPromisesDue } from '../../warehouse/ops/commitments.queries.js';
import { listCustomersOnHold } from '../../warehouse/ops/customer-settings.queries.js';
import { closeCallTask, findCallTask, listOpenCallTasks } from '../../warehouse/ops/call-tasks.queries.js';
import { findVisibleCustomers } from '../../warehouse/scope/customer-card.queries.js';
import { listCustomers } from '../../warehouse/scope/customers.queries.js';
import { disputeSchema } from './disputes.js';
import { promiseSchema } from './promises.js';
import { commonErrors, decimal } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';

const named = (schema: { properties: object }) => ({
  ...schema,
  properties: { ...schema.properties, customer_name: { type: 'string' } },
});

const callTaskSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    company_id: { type: 'string' },
    customer_id: { type: 'string' },
    step: { type: 'string' },
    due_date: { type: 'string' },
    overdue_amount: decimal,
    currency: { type: 'string' },
    p_late_30: { type: ['number', 'null'] },
    cash_at_stake: decimal,
    documents: { type: 'array', items: { type: 'string' } },
    status: { type: 'string' },
    created_at: { type: 'string' },
  },
};

/**
 * What a collector works on today, within the caller's scope: calls due (ranked by cash at stake = overdue amount ×
 * P(late > 30 days)), promises due, open disputes, holds, largest overdue.
 */
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
            required: ['today', 'callsDue', 'promisesDue', 'openDisputes', 'onHold', 'topOverdue'],
            properties: {
              today: { type: 'string' },
              callsDue: { type: 'array', items: named(callTaskSchema) },
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
      const calls = await listOpenCallTasks(services.ops, today);
      const visible = await findVisibleCustomers(db, [
        ...calls.map((c) => c.customer_id),
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
        callsDue: withName(
          calls.map((c) => ({ ...c, created_at: c.created_at.toISOString(), done_at: null })),
        ),
        promisesDue: withName(promises),
        openDisputes: withName(disputes),
        onHold: withName(holds.map((customer_id) => ({ customer_id }))),
        topOverdue: top.items,
      };
    },
  );

  app.post<{ Params: { id: number }; Body: { outcome: string; status?: 'done' | 'cancelled' } }>(
    '/api/worklist/calls/:id/done',
    {
      config: { access: 'write' },
      schema: {
        summary: 'Close a call task with its outcome (what the customer said)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'integer', minimum: 1 } } },
        body: {
          type: 'object',
          required: ['outcome'],
          additionalProperties: false,
          properties: {
            outcome: { type: 'string', minLength: 1, maxLength: 2000 },
            status: { type: 'string', enum: ['done', 'cancelled'] },
          },
        },
        response: { 200: callTaskSchema, ...commonErrors },
      },
    },
    async (request, reply) => {
      const db = await warehouseOf(request);
      const task = await findCallTask(services.ops, request.params.id);
      const visible = task ? await findVisibleCustomers(db, [task.customer_id]) : new Map();
      if (!task || !visible.has(task.customer_id))
        return reply.code(404).send({ error: 'not_found', message: 'no such call task' });
      const actor = `user:${principalOf(request).user.id}`;
      const closed = await closeCallTask(services.ops, task.id, {
        status: request.body.status ?? 'done',
        outcome: request.body.outcome,
        by: actor,
      });
      await appendAudit(services.ops, {
        actor,
        action: closed.status,
        entity: 'call_task',
        entity_id: String(task.id),
        before: { status: task.status },
        after: { status: closed.status, outcome: closed.outcome },
      });
      return {
        ...closed,
        created_at: closed.created_at.toISOString(),
        done_at: closed.done_at?.toISOString() ?? null,
      };
    },
  );
}
