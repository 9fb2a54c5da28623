import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { setRiskOverride } from '../../models/index.js';
import { appendAudit } from '../../warehouse/ops/audit.queries.js';
import { readScoreHistory } from '../../warehouse/scope/customer-card.queries.js';
import { findMigrationDates, readClassMigration } from '../../warehouse/scope/risk-migration.queries.js';
import { actorOf } from '../auth/access.js';
import { toJsonObject } from './support/json.js';
import { requireCustomer } from './support/customer-card.js';
import { commonErrors, customerParams, isoDate } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const RISK_CLASSES = ['A', 'B', 'C', 'D', 'E'] as const;
const count = { type: 'integer' } as const;

/** A safest … E riskiest: a move towards A is an upgrade. */
const rank = (c: string) => RISK_CLASSES.indexOf(c as (typeof RISK_CLASSES)[number]);

/**
 * Class migration between two scoring dates (marts.customer_scores, read through the caller's scope) and the manual
 * class override of models/ (setRiskOverride, as `encours risk override`), audited.
 */
export async function registerRiskAdminRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: { from?: string; to?: string } }>(
    '/api/risk/migration',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'Customers per (class at from, class at to) between the latest group scoring dates on or before from and to ' +
          '(default: the two latest), with their open amount at to',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: isoDate, to: isoDate },
        },
        response: {
          200: {
            type: 'object',
            required: ['from', 'to', 'cells', 'upgraded', 'downgraded', 'unchanged'],
            properties: {
              from: { type: ['string', 'null'] },
              to: { type: ['string', 'null'] },
              cells: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    from_class: { type: 'string' },
                    to_class: { type: 'string' },
                    customers: count,
                    exposure: { type: 'number' },
                  },
                },
              },
              upgraded: count,
              downgraded: count,
              unchanged: count,
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const { from: fromAsked, to: toAsked } = request.query;
      if (fromAsked && toAsked && fromAsked > toAsked)
        throw new EncoursError('bad_input', `from (${fromAsked}) is after to (${toAsked})`);
      const db = await warehouseOf(request);
      const { from, to } = await findMigrationDates(db, { from: fromAsked, to: toAsked });
      const cells = from !== null && to !== null ? await readClassMigration(db, from, to) : [];
      let upgraded = 0;
      let downgraded = 0;
      let unchanged = 0;
      for (const c of cells) {
        const move = rank(c.to_class) - rank(c.from_class);
        if (move < 0) upgraded += c.customers;
        else if (move > 0) downgraded += c.customers;
        else unchanged += c.customers;
      }
      return { from, to, cells, upgraded, downgraded, unchanged };
    },
  );

  app.put<{ Params: { id: string }; Body: { riskClass: string | null; reason?: string } }>(
    '/api/customers/:id/risk-class',
    {
      config: { access: 'write' },
      schema: {
        summary:
          "Force a customer's risk class from today (e.g. insolvency proceedings), or clear the override (null); " +
          'it wins over the model from the next scoring',
        params: customerParams,
        body: {
          type: 'object',
          required: ['riskClass'],
          additionalProperties: false,
          properties: {
            riskClass: { anyOf: [{ type: 'string', enum: [...RISK_CLASSES] }, { type: 'null' }] },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'risk_class', 'reason', 'effective_date'],
            properties: {
              customer_id: { type: 'string' },
              risk_class: { type: ['string', 'null'] },
              reason: { type: 'string' },
              effective_date: { type: 'string' },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      // the scope check: a customer outside the caller's scope is not found
      const customer = await requireCustomer(await warehouseOf(request), request.params.id);
      const { riskClass } = request.body;
      const reason = (request.body.reason ?? '').trim();
      if (riskClass !== null && !reason)
        throw new EncoursError('bad_input', 'reason is required: say why the class is forced');
      const history = await readScoreHistory(services.db, customer.customer_id);
      const latest = history.at(-1);
      const effectiveDate = services.now().toISOString().slice(0, 10);
      const actor = actorOf(principal);
      const after = {
        customer_id: customer.customer_id,
        risk_class: riskClass,
        reason: reason || 'override cleared',
        effective_date: effectiveDate,
      };
      // ops.risk_overrides is written on the whole warehouse (setRiskOverride also bumps the data generation, so the
      // result cache drops the risk and customer lists computed before)
      await setRiskOverride(services.db, {
        customerId: customer.customer_id,
        riskClass,
        reason: after.reason,
        effectiveDate,
        setBy: actor,
      });
      await appendAudit(services.ops, {
        actor,
        action: 'risk_class',
        entity: 'customer',
        entity_id: customer.customer_id,
        before: toJsonObject(
          latest
            ? {
                risk_class: latest.risk_class,
                model_class: latest.model_class,
                overridden: latest.overridden,
                as_of: latest.as_of,
              }
            : null,
        ),
        after: toJsonObject(after),
      });
      return after;
    },
  );
}
