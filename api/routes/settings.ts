import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../lib/config.js';
import { readSources } from '../../pipelines/sources.js';
import { listCompanyOverview, listLatestFxRates } from '../../warehouse/companies.queries.js';
import { listDropItems } from '../../workflows/pipeline/drop-folder.js';
import { commonErrors, decimal, isoDate, nullable } from './support/schemas.js';
import { warehouseOf, type ApiServices } from './support/services.js';

/** What the settings routes read from the configuration; the defaults are those of lib/config.ts. */
export type SettingsConfig = Pick<Config, 'home' | 'reportingCurrency'> &
  Partial<Pick<Config, 'sourcesFile' | 'nightlyAt' | 'nightlyTimezone'>>;

const companySchema = {
  type: 'object',
  required: ['company_id', 'name', 'currencies', 'documents', 'customers', 'first_date', 'last_date'],
  properties: {
    company_id: { type: 'string' },
    name: { type: 'string' },
    currencies: { type: 'array', items: { type: 'string' } },
    documents: { type: 'integer' },
    customers: { type: 'integer' },
    first_date: nullable(isoDate),
    last_date: nullable(isoDate),
  },
} as const;

const fxSchema = {
  type: 'object',
  required: ['currency', 'date', 'rate'],
  properties: { currency: { type: 'string' }, date: isoDate, rate: decimal },
} as const;

const sourceSchema = {
  type: 'object',
  required: ['company', 'format', 'dropDir', 'options', 'dropExists', 'waiting'],
  properties: {
    company: { type: 'string' },
    format: { type: 'string', enum: ['canonical', 'fec'] },
    dropDir: { type: 'string' },
    options: {
      type: 'object',
      properties: {
        termsFile: { type: 'string' },
        defaultTerms: { type: 'string' },
        receivablePrefix: { type: 'string' },
        unlettered: { type: 'string' },
        currency: { type: 'string' },
        salesJournals: { type: 'array', items: { type: 'string' } },
        openingJournals: { type: 'array', items: { type: 'string' } },
      },
    },
    dropExists: { type: 'boolean' },
    waiting: {
      type: ['integer', 'null'],
      description: 'files and folders waiting in the drop folder (null when the folder does not exist)',
    },
  },
} as const;

const SCHEDULE_NOTE =
  'nightlyAt and timezone are the configured defaults (ENCOURS_NIGHTLY_AT, ENCOURS_NIGHTLY_TZ) of ' +
  '`encours schedule create`; the Temporal schedule itself (its actual time, paused, last and next run) is not ' +
  'reachable from the API: see `encours schedule describe`';

/** Companies and FX rates, sources and the nightly schedule: the read-only settings tabs (admin only). */
export async function registerSettingsRoutes(
  app: FastifyInstance,
  _services: ApiServices,
  config: SettingsConfig,
): Promise<void> {
  app.get(
    '/api/companies',
    {
      config: { access: 'admin' },
      schema: {
        summary: 'Companies with their currencies, counts and dates; the latest FX rate of each currency',
        response: {
          200: {
            type: 'object',
            required: ['reportingCurrency', 'companies', 'fx'],
            properties: {
              reportingCurrency: { type: 'string' },
              companies: { type: 'array', items: companySchema },
              fx: { type: 'array', items: fxSchema },
            },
          },
          ...commonErrors,
        },
      },
    },
    async (request) => {
      const db = await warehouseOf(request);
      const companies = await listCompanyOverview(db);
      const fx = await listLatestFxRates(db);
      return { reportingCurrency: config.reportingCurrency, companies, fx };
    },
  );

  app.get(
    '/api/sources',
    {
      config: { access: 'admin' },
      schema: {
        summary:
          'The configured sources (sources.json) with the files waiting in each drop folder; the nightly time',
        response: {
          200: {
            type: 'object',
            required: ['file', 'sources', 'schedule', 'note'],
            properties: {
              file: { type: 'string' },
              sources: { type: 'array', items: sourceSchema },
              schedule: {
                type: 'object',
                required: ['nightlyAt', 'timezone'],
                properties: { nightlyAt: { type: 'string' }, timezone: { type: 'string' } },
              },
              note: { type: 'string' },
            },
          },
          ...commonErrors,
        },
      },
    },
    async () => {
      const file = config.sourcesFile ?? join(config.home, 'sources.json');
      const sources = readSources(file).map((source) => {
        // a missing drop folder is shown as such (the nightly run would fail on it), not as an error of the page
        const dropExists = existsSync(source.dropDir);
        return { ...source, dropExists, waiting: dropExists ? listDropItems(source).length : null };
      });
      return {
        file,
        sources,
        schedule: {
          nightlyAt: config.nightlyAt ?? '02:00',
          timezone: config.nightlyTimezone ?? 'Europe/Paris',
        },
        note: SCHEDULE_NOTE,
      };
    },
  );
}
