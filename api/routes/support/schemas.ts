// JSON schema fragments shared by the routes of api/routes.
export const isoDate = {
  type: 'string',
  pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  description: 'YYYY-MM-DD',
} as const;
export const money = {
  type: 'string',
  pattern: '^\\d{1,16}(\\.\\d{1,2})?$',
  description: 'exact decimal amount, dot decimal, e.g. "1250.00"',
} as const;
export const decimal = { type: 'string', description: 'exact decimal amount' } as const;
export const customerId = { type: 'string', minLength: 1, maxLength: 128 } as const;
export const companyId = { type: 'string', pattern: '^[A-Za-z0-9_.-]{1,64}$' } as const;
export const documentId = { type: 'string', minLength: 1, maxLength: 128 } as const;
export const positiveId = { type: 'integer', minimum: 1 } as const;
export const timestamp = { type: 'string', description: 'ISO 8601 instant' } as const;
export const nullable = <T extends object>(schema: T) => ({ anyOf: [schema, { type: 'null' }] }) as const;

export const errorSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
} as const;

export const customerParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: customerId },
} as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  additionalProperties: false,
  properties: { id: positiveId },
} as const;

/** Error answers every signed-in route may give. */
export const commonErrors = {
  400: errorSchema,
  401: errorSchema,
  403: errorSchema,
  404: errorSchema,
} as const;
