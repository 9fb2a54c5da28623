import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { isIsoDate } from '../../lib/dates.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import {
  assignCustomerScenario,
  findScenario,
  listRules,
  loadDunningConfig,
  planDunning,
  saveRules,
  saveScenario,
} from '../../workflows/dunning/index.js';
import { actorOf } from '../auth/access.js';
import { requireCustomer } from './support/customer-card.js';
import { commonErrors, companyId, customerParams, isoDate } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const nullableString = { type: ['string', 'null'] } as const;

const stepSchema = {
  type: 'object',
  required: ['id', 'phase', 'offset_days', 'channel', 'template'],
  properties: {
    id: { type: 'string' },
    phase: { type: 'string', enum: ['prevention', 'reminder', 'thanks'] },
    offset_days: { type: 'integer', description: 'days from the due date: -5 = five days before' },
    channel: { type: 'string', enum: ['email', 'letter', 'call'] },
    template: { type: 'string' },
    min_amount: {
      type: 'number',
      description: "only when the customer's open amount (reporting currency) is at least this",
    },
    risk_classes: { type: 'array', items: { type: 'string' }, description: 'only for these risk classes' },
    escalation: { type: 'boolean', description: 'a formal notice with the legal mentions' },
  },
} as const;

export const scenarioSchema = {
  type: 'object',
  required: ['id', 'name', 'min_gap_days', 'promise_grace_days', 'steps'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    name_fr: { type: 'string' },
    description: { type: 'string' },
    manual_only: { type: 'boolean' },
    min_gap_days: { type: 'integer' },
    promise_grace_days: { type: 'integer' },
    steps: { type: 'array', items: stepSchema },
  },
} as const;

const ruleSchema = {
  type: 'object',
  required: ['id', 'priority', 'scenario_id'],
  properties: {
    id: { type: 'string' },
    priority: { type: 'integer', description: 'lowest first; the first rule whose matchers all hold wins' },
    scenario_id: { type: 'string' },
    profile: nullableString,
    risk_class: nullableString,
    risk_overridden: { type: ['boolean', 'null'] },
    segment: nullableString,
    company_id: nullableString,
  },
} as const;

const documentSchema = {
  type: 'object',
  properties: {
    document_id: { type: 'string' },
    reference: nullableString,
    issue_date: { type: 'string' },
    due_date: { type: 'string' },
    currency: { type: 'string' },
    amount: { type: 'string' },
    open_amount: { type: 'string' },
    days_late: { type: 'integer' },
  },
} as const;

export const plannedActionSchema = {
  type: 'object',
  properties: {
    customer_id: { type: 'string' },
    company_id: { type: 'string' },
    scenario: { type: 'string' },
    step: { type: 'string' },
    phase: { type: 'string' },
    channel: { type: 'string' },
    documents: { type: 'array', items: documentSchema },
    amount: { type: 'string' },
    currency: { type: 'string' },
    reason: { type: 'string' },
    as_of: { type: 'string' },
    language: { type: 'string' },
    customer_name: { type: 'string' },
    email: nullableString,
    escalation: { type: 'boolean' },
    template: { type: 'string' },
    p_late_30: { type: ['number', 'null'] },
  },
} as const;

const scenarioParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: { type: 'string', minLength: 1, maxLength: 64 } },
} as const;

/** Reminder scenarios, assignment rules, per-customer overrides and the day's plan (docs/reminders.md). */
export async function registerDunningScenarioRoutes(
  app: FastifyInstance,
  services: ApiServices,
): Promise<void> {
  app.get(
    '/api/dunning/scenarios',
    {
      config: { access: 'read' },
      schema: {
        summary: 'Every reminder scenario',
        response: { 200: { type: 'array', items: scenarioSchema }, ...commonErrors },
      },
    },
    async () => (await loadDunningConfig(services.ops)).scenarios,
  );

  app.get<{ Params: { id: string } }>(
    '/api/dunning/scenarios/:id',
    {
      config: { access: 'read' },
      schema: {
        summary: 'One reminder scenario',
        params: scenarioParams,
        response: { 200: scenarioSchema, ...commonErrors },
      },
    },
    async (request) => findScenario(services.ops, request.params.id),
  );

  app.put<{ Params: { id: string }; Body: Record<string, unknown> }>(
    '/api/dunning/scenarios/:id',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'Create or replace a scenario (validated: ids unique, offsets ordered, templates known …; audited)',
        params: scenarioParams,
        body: { ...scenarioSchema, required: ['name', 'min_gap_days', 'promise_grace_days', 'steps'] },
        response: { 200: scenarioSchema, ...commonErrors },
      },
    },
    async (request) => {
      const { id } = request.params;
      if (request.body.id !== undefined && request.body.id !== id)
        throw new EncoursError(
          'bad_input',
          `body.id "${String(request.body.id)}" differs from the URL's "${id}"`,
        );
      return saveScenario(services.ops, { ...request.body, id }, actorOf(principalOf(request)), 'body');
    },
  );

  app.get(
    '/api/dunning/rules',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'The assignment rules in the order they are tried',
        response: { 200: { type: 'array', items: ruleSchema }, ...commonErrors },
      },
    },
    async () => listRules(services.ops),
  );

  app.put<{ Body: unknown[] }>(
    '/api/dunning/rules',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'Replace every assignment rule (validated: scenarios known, a fallback rule present; audited)',
        body: { type: 'array', items: ruleSchema, minItems: 1, maxItems: 500 },
        response: { 200: { type: 'array', items: ruleSchema }, ...commonErrors },
      },
    },
    async (request) => saveRules(services.ops, request.body, actorOf(principalOf(request)), 'body'),
  );

  app.put<{ Params: { id: string }; Body: { scenarioId: string | null; reason?: string } }>(
    '/api/customers/:id/scenario',
    {
      config: { access: 'write' },
      schema: {
        summary:
          "Choose the customer's reminder scenario by hand (with a reason), or null to give it back to the rules",
        params: customerParams,
        body: {
          type: 'object',
          required: ['scenarioId'],
          additionalProperties: false,
          properties: {
            scenarioId: { anyOf: [{ type: 'string', minLength: 1, maxLength: 64 }, { type: 'null' }] },
            reason: { type: 'string', maxLength: 1000 },
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['customer_id', 'scenario_id', 'scenario_reason'],
            properties: {
              customer_id: { type: 'string' },
              scenario_id: nullableString,
              scenario_reason: nullableString,
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const customer = await requireCustomer(await warehouseOf(request), request.params.id);
      const after = await assignCustomerScenario(
        services.ops,
        customer.customer_id,
        { scenarioId: request.body.scenarioId, reason: request.body.reason },
        actorOf(principal),
      );
      return {
        customer_id: after.customer_id,
        scenario_id: after.scenario_id,
        scenario_reason: after.scenario_reason,
      };
    },
  );

  app.get<{ Querystring: { asOf?: string; company?: string; customer?: string } }>(
    '/api/dunning/plan',
    {
      config: { access: 'read' },
      schema: {
        summary:
          "Today's reminders within the caller's scope, without sending anything (one per customer, company and channel)",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { asOf: isoDate, company: companyId, customer: customerParams.properties.id },
        },
        response: { 200: { type: 'array', items: plannedActionSchema }, ...commonErrors },
      },
    },
    async (request) => {
      const db = await warehouseOf(request);
      const { asOf: asked, company, customer } = request.query;
      if (asked !== undefined && !isIsoDate(asked))
        throw new EncoursError('bad_input', `asOf must be a real date written YYYY-MM-DD, got "${asked}"`);
      const asOf = asked ?? (await findDefaultAsOf(db));
      return planDunning(db, services.ops, {
        asOf,
        companyId: company,
        customerId: customer,
        reportingCurrency: services.reportingCurrency,
      });
    },
  );
}
