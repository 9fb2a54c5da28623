import type { FastifyInstance } from 'fastify';
import { addDays, todayIso } from '../../lib/dates.js';
import { computeAging, computeKpis } from '../../warehouse/kpi/index.js';
import { findKpiSnapshotRange, readKpiTrend } from '../../warehouse/kpi-daily.queries.js';
import type { ApiDeps } from '../app.js';
import type { Warehouse } from '../../warehouse/db.js';
import { viewFilterProperties, type ViewFilterQuery } from '../auth/view-filter.js';
import { sendRememberedJson } from './support/result-cache.js';
import { agingReportSchema, kpiReportSchema, kpiTrendSchema } from './kpi.schemas.js';

const date = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' } as const;
const company = { type: 'string', pattern: '^[A-Za-z0-9_.*-]{1,64}$' } as const;
const currency = { type: 'string', pattern: '^[A-Za-z]{3}$' } as const;

interface ScopeQuery extends ViewFilterQuery {
  asOf?: string;
  company?: string;
  currency?: string;
}

/**
 * KPIs, aged balance and the daily KPI trend; each the same JSON as the matching CLI command. KPIs and aging are kept
 * in the app's result cache per caller scope and data generation (support/result-cache.ts). Each takes the view
 * filters `agency` and `portfolio`, which narrow the caller's scope (and so its cache key) before the route runs.
 */
export async function registerKpiRoutes(
  app: FastifyInstance,
  deps: ApiDeps,
  /** The whole warehouse, for the dates of the KPI snapshots (the same for every scope). */
  whole: Warehouse,
): Promise<void> {
  const scopeQuery = {
    type: 'object',
    additionalProperties: false,
    properties: { asOf: date, company, currency, ...viewFilterProperties },
  } as const;
  const config = { access: 'read', viewFilters: true } as const;

  app.get<{ Querystring: ScopeQuery }>(
    '/api/kpi',
    { config, schema: { querystring: scopeQuery, response: { 200: kpiReportSchema } } },
    async (request, reply) => {
      const scope = toScope(request.query);
      return sendRememberedJson(request, reply, 'kpi', scope, () => computeKpis(deps.db, scope));
    },
  );

  app.get<{ Querystring: ScopeQuery & { by?: 'customer' | 'company' } }>(
    '/api/aging',
    {
      config,
      schema: {
        querystring: {
          ...scopeQuery,
          properties: { ...scopeQuery.properties, by: { type: 'string', enum: ['customer', 'company'] } },
        },
        response: { 200: agingReportSchema },
      },
    },
    async (request, reply) => {
      const scope = { ...toScope(request.query), by: request.query.by ?? 'customer' };
      return sendRememberedJson(request, reply, 'aging', scope, () => computeAging(deps.db, scope));
    },
  );

  app.get<{ Querystring: { from?: string; to?: string; company?: string } & ViewFilterQuery }>(
    '/api/kpi/trend',
    {
      config,
      schema: {
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: { from: date, to: date, company, ...viewFilterProperties },
        },
        response: { 200: kpiTrendSchema },
      },
    },
    async (request, reply) => {
      // the snapshot dates are the warehouse's, whatever the scope; read through a scope, marts.kpi_daily is recomputed
      // for every date (0.3 s at 1M invoices) just to find the latest
      const to = request.query.to ?? (await findKpiSnapshotRange(whole)).last ?? todayIso();
      const from = request.query.from ?? addDays(to, -364);
      const companyId = request.query.company ?? '*';
      // a limited scope's trend is recomputed from its facts for every snapshot date: worth keeping
      return sendRememberedJson(request, reply, 'kpi-trend', { from, to, companyId }, async () => ({
        company: companyId,
        from,
        to,
        points: await readKpiTrend(deps.db, { from, to, companyId }),
      }));
    },
  );
}

function toScope(query: ScopeQuery) {
  return {
    ...(query.asOf ? { asOf: query.asOf } : {}),
    ...(query.company ? { companyId: query.company } : {}),
    ...(query.currency ? { currency: query.currency.toUpperCase() } : {}),
  };
}
