// JSON schemas of the Reminders page's routes (api/routes/dunning.ts).
import { plannedActionSchema } from './dunning-scenarios.js';
import { companyId, customerId, isoDate, timestamp } from './support/schemas.js';

const nullableString = { type: ['string', 'null'] } as const;

export const logEntrySchema = {
  type: 'object',
  properties: {
    idempotency_key: { type: 'string' },
    company_id: { type: 'string' },
    customer_id: { type: 'string' },
    customer_name: nullableString,
    scenario: nullableString,
    step: { type: 'string' },
    channel: { type: 'string' },
    status: { type: 'string', enum: ['intent', 'sent', 'failed', 'ambiguous'] },
    as_of: nullableString,
    amount: nullableString,
    currency: nullableString,
    created_at: timestamp,
    sent_at: { type: ['string', 'null'], description: 'ISO 8601 instant' },
    detail: { type: ['object', 'null'], additionalProperties: true },
    documents: { type: 'array', items: { type: 'string' }, description: 'the invoices the send covered' },
  },
} as const;

export const outboxFileSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    kind: { type: 'string', enum: ['email', 'letter'] },
    size: { type: 'integer' },
    modified: timestamp,
    url: { type: 'string', description: 'GET it to open the file' },
    key: { ...nullableString, description: 'the idempotency key of the send, when known' },
    company_id: nullableString,
    customer_id: nullableString,
    customer_name: nullableString,
    step: nullableString,
    status: nullableString,
  },
} as const;

export const previewInput = {
  type: 'object',
  required: ['customer_id'],
  additionalProperties: false,
  properties: {
    customer_id: customerId,
    company_id: companyId,
    scenario: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "default: the customer's scenario",
    },
    step: {
      type: 'string',
      minLength: 1,
      maxLength: 64,
      description: "default: the step today's plan gives, else the first reminder step",
    },
  },
} as const;

export const previewSchema = {
  type: 'object',
  properties: {
    ...plannedActionSchema.properties,
    source: { type: 'string', enum: ['plan', 'open_invoices'] },
    scenario_name: { type: 'string' },
    scenario_name_fr: nullableString,
    subject: { type: 'string' },
    text: { type: 'string' },
    html: { type: 'string', description: 'the email as sent (letters: the letter text; calls: the script)' },
    pdf_url: { ...nullableString, description: 'letters: GET it for the PDF' },
  },
} as const;

const controlFields = {
  max_messages_per_run: { type: 'integer', minimum: 1, maximum: 1_000_000 },
  quiet_weekdays: {
    type: 'array',
    items: { type: 'integer', minimum: 1, maximum: 7 },
    maxItems: 7,
    description: 'ISO weekdays without sends: 1 = Monday … 7 = Sunday',
  },
  quiet_dates: { type: 'array', items: isoDate, maxItems: 366 },
} as const;

export const controlsSchema = {
  type: 'object',
  properties: {
    paused: { type: 'boolean' },
    pause_reason: nullableString,
    ...controlFields,
    updated_at: timestamp,
    updated_by: { type: 'string' },
  },
} as const;

export const controlsBody = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    paused: { type: 'boolean' },
    reason: { type: 'string', maxLength: 1000, description: 'required to pause' },
    ...controlFields,
  },
} as const;
