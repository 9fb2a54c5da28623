import type { FastifyInstance } from 'fastify';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import {
  readBrokenPromises,
  readClassDowngrades,
  readAlertInputsMarker,
  readCreditLimitsPassed,
  type Alert,
} from '../../warehouse/scope/alerts.queries.js';
import { readFilterOptions } from '../../warehouse/scope/filter-options.queries.js';
import { listPortfolios } from '../../warehouse/ops/access.queries.js';
import { viewFilterProperties, type ViewFilterQuery } from '../auth/view-filter.js';
import { sendRememberedJson } from './support/result-cache.js';
import { commonErrors, companyId, isoDate } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const text = { type: 'string' } as const;
const alertSchema = {
  type: 'object',
  required: ['kind', 'customer_id', 'name', 'date', 'amount', 'message'],
  properties: {
    kind: { type: 'string', enum: ['class_downgrade', 'broken_promise', 'credit_limit'] },
    customer_id: text,
    name: text,
    date: text,
    amount: { type: 'string', description: 'exact decimal: exposure, or the promised amount' },
    from_class: text,
    to_class: text,
    company_id: text,
    promise_id: { type: 'integer' },
    paid: text,
    status: text,
    limit: text,
    message: text,
  },
} as const;

/**
 * The overview's alerts (class downgrades, broken promises, credit limits passed) and the options of its filters,
 * both within the caller's scope; alerts also honour the view filters (agency, portfolio).
 */
export async function registerAlertRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: { asOf?: string; company?: string; limit?: number } & ViewFilterQuery }>(
    '/api/alerts',
    {
      config: { access: 'read', viewFilters: true },
      schema: {
        summary:
          'Alerts as of a date: customers whose risk class got worse at the latest scoring, promises to pay broken in ' +
          'the last 30 days, customers over their credit limit; each kind at most `limit` (default 10)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            asOf: isoDate,
            company: companyId,
            limit: { type: 'integer', minimum: 1, maximum: 100 },
            ...viewFilterProperties,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['asOf', 'items'],
            properties: { asOf: text, items: { type: 'array', items: alertSchema } },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const db = await warehouseOf(request);
      const asOf = request.query.asOf ?? (await findDefaultAsOf(db));
      const query = { asOf, limit: request.query.limit ?? 10, companyId: request.query.company };
      // promises and credit limits are ops rows, outside the data generation: their marker is part of the key
      const marker = await readAlertInputsMarker(db);
      return sendRememberedJson(request, reply, 'alerts', { ...query, marker }, async () => {
        const items = [
          ...(await readClassDowngrades(db, query)),
          ...(await readBrokenPromises(db, query)),
          ...(await readCreditLimitsPassed(db, query)),
        ];
        return { asOf, items: items.map((a) => ({ ...a, message: describeAlert(a) })) };
      });
    },
  );

  app.get(
    '/api/filters',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'What the overview can be filtered by, within the caller’s scope: companies, agencies, and the portfolios ' +
          'holding at least one customer the caller sees',
        response: {
          200: {
            type: 'object',
            required: ['companies', 'agencies', 'portfolios'],
            properties: {
              companies: {
                type: 'array',
                items: { type: 'object', properties: { id: text, name: { type: ['string', 'null'] } } },
              },
              agencies: { type: 'array', items: text },
              portfolios: {
                type: 'array',
                items: { type: 'object', properties: { id: { type: 'integer' }, name: text } },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const options = await readFilterOptions(await warehouseOf(request));
      const everything = principalOf(request).scope.kind === 'all';
      const portfolios = (await listPortfolios(services.ops))
        .filter((p) => everything || options.portfolioIds.includes(p.id))
        .map((p) => ({ id: p.id, name: p.name }));
      return { companies: options.companies, agencies: options.agencies, portfolios };
    },
  );
}

/** The alert in a sentence (English, for API clients; the dashboard words its own from the fields). */
function describeAlert(alert: Alert): string {
  const who = `${alert.name} (${alert.customer_id})`;
  switch (alert.kind) {
    case 'class_downgrade':
      return `${who} went from class ${alert.from_class} to ${alert.to_class} on ${alert.date}; exposure ${alert.amount}`;
    case 'broken_promise':
      return alert.status === 'broken'
        ? `${who} broke the promise to pay ${alert.amount} by ${alert.date} (paid ${alert.paid})`
        : `${who} promised ${alert.amount} by ${alert.date} and paid ${alert.paid}; the promise is still open`;
    case 'credit_limit':
      return `${who} owes ${alert.amount} as of ${alert.date}, above its credit limit of ${alert.limit}`;
  }
}
