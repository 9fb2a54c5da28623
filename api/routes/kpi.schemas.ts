// JSON schemas of the KPI routes' responses (warehouse/kpi/types.ts and warehouse/kpi-daily.queries.ts).
const ratio = { type: ['number', 'null'] } as const;
const money = { type: 'number' } as const;
const decimal = { type: 'string', description: 'exact decimal amount' } as const;

const bucketProperties = {
  not_due: money,
  days_1_30: money,
  days_31_60: money,
  days_61_90: money,
  days_over_90: money,
  unapplied: money,
  net_ar: money,
} as const;
const buckets = {
  type: 'object',
  required: Object.keys(bucketProperties),
  properties: bucketProperties,
} as const;

export const kpiReportSchema = {
  type: 'object',
  required: ['asOf', 'currency', 'aging', 'dso', 'bpdso', 'add', 'cei', 'collection_rate'],
  properties: {
    asOf: { type: 'string' },
    currency: { type: 'string' },
    aging: buckets,
    dso: {
      type: 'object',
      required: ['simple', 'countback'],
      properties: { simple: ratio, countback: ratio },
    },
    bpdso: ratio,
    add: ratio,
    cei: ratio,
    collection_rate: ratio,
  },
} as const;

export const agingReportSchema = {
  type: 'object',
  required: ['asOf', 'currency', 'by', 'rows', 'totals'],
  properties: {
    asOf: { type: 'string' },
    currency: { type: 'string' },
    by: { type: 'string' },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', ...Object.keys(bucketProperties)],
        properties: { key: { type: 'string' }, name: { type: ['string', 'null'] }, ...bucketProperties },
      },
    },
    totals: buckets,
  },
} as const;

export const kpiTrendSchema = {
  type: 'object',
  required: ['company', 'from', 'to', 'points'],
  properties: {
    company: { type: 'string', description: "'*' is the group" },
    from: { type: 'string' },
    to: { type: 'string' },
    points: {
      type: 'array',
      items: {
        type: 'object',
        required: ['asOf', 'currency', 'net_ar', 'not_due', 'overdue', 'unapplied'],
        properties: {
          asOf: { type: 'string' },
          currency: { type: 'string' },
          net_ar: decimal,
          not_due: decimal,
          overdue: decimal,
          unapplied: decimal,
          dso_simple: ratio,
          dso_countback: ratio,
          bpdso: ratio,
          add: ratio,
          cei: ratio,
          collection_rate: ratio,
        },
      },
    },
  },
} as const;
