import type { FastifyInstance, FastifyRequest } from 'fastify';
import { EncoursError } from '../../lib/errors.js';
import { computeForecast, computeRisk } from '../../models/index.js';
import { findChampionName } from '../../models/registry.js';
import { readStoredForecast } from '../../models/stored-forecast.js';
import {
  findForecastDefaultAsOf,
  readForecastMarkers,
} from '../../warehouse/features/stored-forecast.queries.js';
import { isStoredRiskCurrent, readStoredRisk } from '../../warehouse/features/stored-risk.queries.js';
import { readPromisesMarker } from '../../warehouse/ops/commitments.queries.js';
import { viewFilterProperties, type ViewFilterQuery } from '../auth/view-filter.js';
import { findDefaultAsOf } from '../../warehouse/kpi/index.js';
import { readForecastActuals } from '../../warehouse/scope/forecast-actuals.queries.js';
import { sendRememberedJson } from './support/result-cache.js';
import { commonErrors, companyId, isoDate } from './support/schemas.js';
import { principalOf, warehouseOf, type ApiServices } from './support/services.js';

const number = { type: 'number' } as const;
const week = {
  type: 'object',
  properties: {
    week: { type: 'integer' },
    start: isoDate,
    end: isoDate,
    expected: number,
    p10: number,
    p50: number,
    p90: number,
  },
} as const;
const series = {
  type: 'object',
  properties: {
    company_id: { type: 'string' },
    currency: { type: 'string' },
    open_amount: number,
    weeks: { type: 'array', items: week },
    beyond: number,
  },
} as const;

/** The forecast routes' query: as of, company, horizon in weeks, view filters. */
const forecastQuery = {
  type: 'object',
  additionalProperties: false,
  properties: {
    asOf: isoDate,
    company: companyId,
    weeks: { type: 'integer', minimum: 1, maximum: 26 },
    ...viewFilterProperties,
  },
} as const;

/**
 * The risk list and the cash forecast of models/ (computeRisk, computeForecast), run on the caller's scoped warehouse:
 * a scoped caller's classes, amounts and forecast cover their own customers only. The forecast is the scoring run's
 * stored one when it answers the request (models/stored-forecast.ts), else computed; either is kept in the result cache.
 */
export async function registerModelRoutes(app: FastifyInstance, services: ApiServices): Promise<void> {
  app.get<{ Querystring: { asOf?: string; company?: string } & ViewFilterQuery }>(
    '/api/risk',
    {
      config: { access: 'read', viewFilters: true },
      schema: {
        summary:
          'Risk class (A safest … E), payer profile and reasons per customer, riskiest first (needs a trained model)',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { asOf: isoDate, company: companyId, ...viewFilterProperties },
        },
        response: {
          200: {
            type: 'object',
            required: ['asOf', 'model_version', 'customers'],
            properties: {
              asOf: { type: 'string' },
              model_version: { type: 'string' },
              source: {
                type: 'string',
                enum: ['stored', 'computed'],
                description:
                  'stored: the nightly scoring run of that date, still current; computed: for this request',
              },
              customers: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    customer_id: { type: 'string' },
                    risk_class: { type: 'string' },
                    p_late: number,
                    p_late_30: number,
                    expected_days_late: number,
                    profile: { type: 'string' },
                    open_amount: number,
                    overdue_amount: number,
                    reasons: { type: 'array', items: { type: 'string' } },
                  },
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) =>
      withoutPaths(services, async () => {
        const { asOf, company: companyId } = request.query;
        // the champion (models/registry.json) and the promises are outside the data generation: part of the key
        const champion = findChampionName(services.modelsDir);
        const promises = await readPromisesMarker(services.ops);
        return sendRememberedJson(
          request,
          reply,
          'risk',
          { asOf, companyId, champion, promises },
          async () => {
            const db = await warehouseOf(request);
            const stored = await readCurrentStoredRisk(services, request, { asOf, companyId, champion });
            if (stored) return stored;
            const computed = await computeRisk(db, { modelsDir: services.modelsDir, asOf, companyId });
            return { ...computed, source: 'computed' as const };
          },
        );
      }),
  );

  app.get<{ Querystring: { asOf?: string; company?: string; weeks?: number } & ViewFilterQuery }>(
    '/api/forecast',
    {
      config: { access: 'read', viewFilters: true },
      schema: {
        summary:
          'Weekly expected collections of the open items with P10/P50/P90 (average-delay rule until a model is trained); ' +
          'source "stored": the nightly scoring run of that date (whole-group callers, 13 weeks, no load or promise since), ' +
          'else "computed" for this request',
        querystring: forecastQuery,
        response: {
          200: {
            type: 'object',
            properties: {
              asOf: { type: 'string' },
              weeks: { type: 'integer' },
              method: { type: 'string' },
              model_version: { type: ['string', 'null'] },
              reporting_currency: { type: 'string' },
              consolidated: series,
              by_company: { type: 'array', items: series },
              by_currency: { type: 'array', items: series },
              promises: { type: 'integer' },
              source: { type: 'string', enum: ['stored', 'computed'] },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) =>
      withoutPaths(services, async () => {
        const { asOf, company: companyId, weeks = 13 } = request.query;
        // promises are ops rows, outside the data generation the cache keys on: their state (all of them, whatever
        // the caller's scope) is part of the key
        const promises = await readPromisesMarker(services.ops);
        // so is the champion model (models/registry.json): a promotion changes the forecast
        const champion = findChampionName(services.modelsDir);
        const key = { asOf, companyId, weeks, promises, champion };
        return sendRememberedJson(request, reply, 'forecast', key, async () => {
          const db = await warehouseOf(request);
          const wholeGroup = request.principal?.scope.kind === 'all';
          const reportingCurrency = services.reportingCurrency;
          const stored =
            wholeGroup && weeks === 13
              ? await readStoredForecast(db, {
                  asOf,
                  companyId,
                  reportingCurrency,
                  markers: await readForecastMarkers(db),
                  champion,
                })
              : null;
          if (stored) return { ...stored, source: 'stored' as const };
          const options = { modelsDir: services.modelsDir, reportingCurrency, asOf, companyId, weeks };
          return { ...(await computeForecast(db, options)), source: 'computed' as const };
        });
      }),
  );

  app.get<{ Querystring: { asOf?: string; company?: string; weeks?: number } & ViewFilterQuery }>(
    '/api/forecast/actuals',
    {
      config: { access: 'read', viewFilters: true },
      schema: {
        summary:
          'What was collected, week by week after asOf, on the invoices open at asOf (the forecast’s population), in ' +
          'the reporting currency; only the weeks the ledger has fully seen (none when asOf is its latest date)',
        querystring: forecastQuery,
        response: {
          200: {
            type: 'object',
            required: ['asOf', 'through', 'weeks'],
            properties: {
              asOf: { type: 'string' },
              through: { type: 'string', description: 'the latest ledger date' },
              weeks: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { week: { type: 'integer' }, start: isoDate, end: isoDate, amount: number },
                },
              },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request, reply) => {
      const { company: companyId, weeks = 13 } = request.query;
      const db = await warehouseOf(request);
      const through = await findDefaultAsOf(db);
      const asOf = request.query.asOf ?? through;
      return sendRememberedJson(
        request,
        reply,
        'forecast-actuals',
        { asOf, companyId, weeks, through },
        async () => ({
          asOf,
          through,
          weeks: await readForecastActuals(db, { asOf, weeks, through, companyId }),
        }),
      );
    },
  );
}

/**
 * The risk list the nightly scoring run stored (marts.customer_scores), when it is what computing it now would give
 * (warehouse/features/stored-risk.queries.ts) and the caller's scope keeps whole customers: everything, or portfolios
 * and agencies. A scope limited to some companies sees only part of a customer's facts, so its list is computed.
 */
async function readCurrentStoredRisk(
  services: ApiServices,
  request: FastifyRequest,
  q: { asOf?: string; companyId?: string; champion: string | null },
) {
  const scope = principalOf(request).scope;
  if (q.champion === null) return null;
  if (scope.kind === 'limited' && scope.grants.some((g) => g.companyId !== null)) return null;
  const asOf = q.asOf ?? (await findForecastDefaultAsOf(services.db));
  if (asOf === null) return null;
  const markers = await readForecastMarkers(services.db);
  if (!(await isStoredRiskCurrent(services.db, asOf, markers, q.champion))) return null;
  const customers = await readStoredRisk(await warehouseOf(request), asOf, q.companyId);
  return { asOf, model_version: q.champion, customers, source: 'stored' as const };
}

/** The server's folders are not the caller's business: messages name them as $ENCOURS_HOME/… instead. */
async function withoutPaths<T>(services: ApiServices, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof EncoursError && error.message.includes(services.home)) {
      throw new EncoursError(error.code, error.message.replaceAll(services.home, '$ENCOURS_HOME'), {
        cause: error,
      });
    }
    throw error;
  }
}
