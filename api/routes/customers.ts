import type { FastifyInstance } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { listCustomersOnHold } from '../../warehouse/ops/customer-settings.queries.js';
import {
  CUSTOMER_SORTS,
  listCustomers,
  type CustomerListQuery,
  type CustomerSort,
} from '../../warehouse/scope/customers.queries.js';
import { viewFilterProperties, type ViewFilterQuery } from '../auth/view-filter.js';
import { readCustomerCard } from './support/customer-card.js';
import { EXPORT_FORMATS, negotiateFormat, sendRows } from './support/export.js';
import { customerCardSchema } from './customers.schemas.js';
import { commonErrors, customerParams, decimal, isoDate } from './support/schemas.js';
import { rememberResult, scopeKeyOf } from './support/result-cache.js';
import { warehouseOf, type ApiServices } from './support/services.js';

const FILTER_KEYS = [
  'country',
  'segment',
  'agency',
  'owner',
  'currency',
  'risk',
  'overdue',
  'company',
  'hold',
] as const;
const nullableText = { type: ['string', 'null'] } as const;

const customerItem = {
  type: 'object',
  required: ['customer_id', 'name', 'net_ar', 'overdue'],
  properties: {
    customer_id: { type: 'string' },
    name: { type: 'string' },
    country: nullableText,
    currency: nullableText,
    segment: nullableText,
    agency: nullableText,
    owner: nullableText,
    credit_limit: nullableText,
    net_ar: decimal,
    not_due: decimal,
    overdue: decimal,
    days_over_90: decimal,
    risk_class: nullableText,
    profile: nullableText,
  },
} as const;
const ITEM_COLUMNS = Object.keys(customerItem.properties);

interface ListQuery {
  q?: string;
  limit?: number;
  offset?: number;
  sort?: string;
  filter?: string;
  asOf?: string;
  format?: 'json' | 'csv' | 'arrow';
}

/** The customer list (search, filters, sort, paging; CSV and Arrow exports) and the customer card. */
export async function registerCustomerRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: ListQuery & ViewFilterQuery }>(
    '/api/customers',
    {
      config: { access: 'read', viewFilters: true },
      schema: {
        summary:
          'Customers in the caller scope with balances as of a date; CSV with Accept: text/csv, Arrow IPC with Accept: application/vnd.apache.arrow.stream',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            q: { type: 'string', maxLength: 100, description: 'searched in the id and the name' },
            limit: {
              type: 'integer',
              minimum: 1,
              maximum: 100000,
              description: 'default 50 (JSON) or every match (CSV, Arrow)',
            },
            offset: { type: 'integer', minimum: 0 },
            sort: {
              type: 'string',
              pattern: `^-?(${CUSTOMER_SORTS.join('|')})$`,
              description: 'a column, "-" first for descending',
            },
            filter: {
              type: 'string',
              maxLength: 500,
              pattern: '^[a-z]+:[^,]+(,[a-z]+:[^,]+)*$',
              description: `key:value pairs separated by commas; keys ${FILTER_KEYS.join(', ')} (overdue and hold take true/false)`,
            },
            asOf: isoDate,
            format: { type: 'string', enum: [...EXPORT_FORMATS] },
            ...viewFilterProperties,
          },
        },
        response: {
          200: {
            type: 'object',
            required: ['items', 'total'],
            properties: { items: { type: 'array', items: customerItem }, total: { type: 'integer' } },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const format = negotiateFormat(request, request.query.format);
      const query: Omit<CustomerListQuery, 'asOf'> & { asOf: string | undefined } = {
        asOf: request.query.asOf,
        q: request.query.q,
        limit: request.query.limit ?? (format === 'json' ? 50 : 100000),
        offset: request.query.offset ?? 0,
        sort: parseSort(request.query.sort),
        // resolved now (hold:true reads the ops tables), so that the key holds what the query depends on
        ...(await parseFilter(request.query.filter, services)),
      };
      const list = async () => {
        const db = await warehouseOf(request);
        return listCustomers(db, { ...query, asOf: query.asOf ?? (await findDefaultAsOf(db)) });
      };
      // pages are kept; exports and very long pages are computed each time rather than fill the cache
      const page =
        format === 'json' && query.limit! <= 1000
          ? await rememberResult(request, 'customers', query, list)
          : await list();
      return sendRows(reply, format, page.items as never[], ITEM_COLUMNS, 'customers', () => page);
    },
  );

  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>(
    '/api/customers/:id',
    {
      config: { access: 'read' },
      schema: {
        summary:
          'The customer card: identity, settings, KPIs, open items with aging, payments, score history, timeline',
        params: customerParams,
        querystring: { type: 'object', additionalProperties: false, properties: { asOf: isoDate } },
        response: { 200: customerCardSchema, ...commonErrors },
      },
    },
    async (request) =>
      readCustomerCard(
        services,
        await warehouseOf(request),
        request.params.id,
        request.query.asOf,
        scopeKeyOf(request),
      ),
  );
}

function parseSort(text: string | undefined): { by: CustomerSort; descending: boolean } | undefined {
  if (!text) return undefined;
  const descending = text.startsWith('-');
  return { by: (descending ? text.slice(1) : text) as CustomerSort, descending };
}

async function parseFilter(
  text: string | undefined,
  services: ApiServices,
): Promise<Partial<CustomerListQuery>> {
  const result: Partial<CustomerListQuery> & { equals: NonNullable<CustomerListQuery['equals']> } = {
    equals: {},
  };
  for (const part of text ? text.split(',') : []) {
    const at = part.indexOf(':');
    const key = part.slice(0, at);
    const value = part.slice(at + 1).trim();
    const flag = () => {
      if (value !== 'true' && value !== 'false')
        throw new EncoursError('bad_input', `querystring.filter: ${key} takes true or false, got "${value}"`);
      return value === 'true';
    };
    if (key === 'risk') result.equals.risk_class = value;
    else if (key === 'overdue') result.overdue = flag();
    else if (key === 'company') result.companyId = value;
    else if (key === 'hold') {
      if (flag()) result.onlyIds = await listCustomersOnHold(services.ops);
      else
        throw new EncoursError(
          'bad_input',
          'querystring.filter: hold:false is not supported; leave the filter out',
        );
    } else if ((['country', 'segment', 'agency', 'owner', 'currency'] as const).includes(key as 'country')) {
      result.equals[key as 'country'] = key === 'currency' ? value.toUpperCase() : value;
    } else {
      throw new EncoursError(
        'bad_input',
        `querystring.filter: unknown key "${key}"; use ${FILTER_KEYS.join(', ')}`,
      );
    }
  }
  return result;
}
