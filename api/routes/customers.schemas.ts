// JSON schemas of the customer card (GET /api/customers/:id).
import { decimal, timestamp } from './support/schemas.js';

const text = { type: 'string' } as const;
const nullableText = { type: ['string', 'null'] } as const;
const agingProperties = {
  currency: text,
  not_due: decimal,
  days_1_30: decimal,
  days_31_60: decimal,
  days_61_90: decimal,
  days_over_90: decimal,
  unapplied: decimal,
  net_ar: decimal,
} as const;
const aging = {
  type: 'object',
  required: Object.keys(agingProperties),
  properties: agingProperties,
} as const;

export const timelineEventSchema = {
  type: 'object',
  required: ['at', 'kind', 'actor', 'summary'],
  properties: {
    at: timestamp,
    kind: { type: 'string', enum: ['comment', 'promise', 'dispute', 'dispute_closed', 'reminder', 'change'] },
    actor: text,
    summary: text,
    id: nullableText,
    data: { type: 'object', additionalProperties: true },
  },
} as const;

export const customerCardSchema = {
  type: 'object',
  required: [
    'asOf',
    'currency',
    'customer',
    'settings',
    'kpis',
    'openItems',
    'payments',
    'scores',
    'timeline',
  ],
  properties: {
    asOf: text,
    currency: { type: 'string', description: 'the reporting currency of the totals' },
    customer: {
      type: 'object',
      additionalProperties: true,
      required: ['customer_id', 'name'],
      properties: { customer_id: text, name: text },
    },
    settings: {
      type: 'object',
      required: ['credit_limit', 'credit_limit_source', 'credit_hold', 'reminders_paused_until'],
      properties: {
        credit_limit: nullableText,
        credit_limit_source: { type: 'string', enum: ['application', 'ledger', 'none'] },
        credit_hold: { type: 'boolean' },
        hold_reason: nullableText,
        reminders_paused_until: nullableText,
        pause_reason: nullableText,
      },
    },
    kpis: {
      type: 'object',
      required: ['aging', 'byCurrency', 'exposure', 'over_limit', 'open_invoices', 'overdue_invoices'],
      properties: {
        aging,
        byCurrency: { type: 'array', items: aging },
        exposure: decimal,
        over_limit: { type: 'boolean' },
        open_invoices: { type: 'integer' },
        overdue_invoices: { type: 'integer' },
        oldest_days_past_due: { type: ['integer', 'null'] },
      },
    },
    openItems: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          company_id: text,
          document_id: text,
          reference: nullableText,
          currency: text,
          issue_date: text,
          due_date: text,
          amount: decimal,
          open_amount: decimal,
          days_past_due: { type: 'integer' },
          bucket: text,
          disputed: { type: 'boolean' },
          open_dispute_id: { type: ['integer', 'null'] },
        },
      },
    },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          company_id: text,
          payment_id: text,
          date: text,
          amount: decimal,
          currency: text,
          method: text,
          allocated: decimal,
        },
      },
    },
    scores: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          as_of: text,
          risk_class: text,
          model_class: text,
          overridden: { type: 'boolean' },
          profile: text,
          p_late: { type: ['number', 'null'] },
          expected_days_late: { type: ['number', 'null'] },
          reasons: {},
        },
      },
    },
    timeline: { type: 'array', items: timelineEventSchema },
  },
} as const;
