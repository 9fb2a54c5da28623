// The read-only settings tabs: GET /api/companies (companies, currencies, counts, dates; latest FX rates) and
// GET /api/sources (sources.json with the files waiting in each drop folder; the nightly time from the config).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureLedger } from '../../warehouse/scope/test-fixture.js';
import { startTestApi, type TestApi } from './harness.js';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
}, 120_000);
afterAll(async () => api?.close());

describe('GET /api/companies', () => {
  it('lists each company of the fixture ledger with its figures, and the latest rate of each currency', async () => {
    const res = await api.as('admin', { method: 'GET', url: '/api/companies' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      reportingCurrency: string;
      companies: {
        company_id: string;
        name: string;
        currencies: string[];
        documents: number;
        customers: number;
        first_date: string | null;
        last_date: string | null;
      }[];
      fx: { currency: string; date: string; rate: string }[];
    };
    expect(body.reportingCurrency).toBe('EUR');

    // the expected figures, worked out from the fixture's rows
    const ledger = buildFixtureLedger();
    const ids = [...new Set(ledger.documents!.map((d) => d[0]))].sort();
    const expected = ids.map((id) => {
      const docs = ledger.documents!.filter((d) => d[0] === id);
      const pays = ledger.payments!.filter((p) => p[0] === id);
      const dates = [...docs.map((d) => d[4]), ...pays.map((p) => p[3])].sort();
      const seen = [...new Set([...docs.map((d) => d[7]), ...pays.map((p) => p[5])])].sort();
      return {
        company_id: id,
        name: id,
        // the company's own currency (the reporting currency: none configured) first
        currencies: ['EUR', ...seen.filter((c) => c !== 'EUR')],
        documents: docs.length,
        customers: new Set(docs.map((d) => d[2])).size,
        first_date: dates[0],
        last_date: dates.at(-1),
      };
    });
    expect(body.companies).toEqual(expected);
    expect(body.companies.map((c) => c.currencies)).toEqual([['EUR'], ['EUR', 'USD']]);

    const latest = new Map<string, [string, string]>();
    for (const [date, currency, rate] of ledger.fxRates!) {
      if (!latest.has(currency) || latest.get(currency)![0] < date) latest.set(currency, [date, rate]);
    }
    expect(body.fx.map((r) => ({ ...r, rate: Number(r.rate) }))).toEqual(
      [...latest].map(([currency, [date, rate]]) => ({ currency, date, rate: Number(rate) })),
    );
    expect(body.fx).toEqual([{ currency: 'USD', date: '2025-03-31', rate: '0.92000000' }]);
  });

  it('is for admins only', async () => {
    for (const person of ['user', 'viewer', 'analyst'] as const) {
      expect((await api.as(person, { method: 'GET', url: '/api/companies' })).statusCode).toBe(403);
    }
  });
});

describe('GET /api/sources', () => {
  const file = () => join(api.home, 'sources.json');
  afterAll(() => rmSync(file(), { force: true }));

  it('answers no sources without a sources file, with the schedule and its note', async () => {
    rmSync(file(), { force: true });
    const res = await api.as('admin', { method: 'GET', url: '/api/sources' });
    expect(res.statusCode).toBe(200);
    const body = res.json() as { file: string; sources: unknown[]; schedule: unknown; note: string };
    expect(body.file).toBe(file());
    expect(body.sources).toEqual([]);
    expect(body.schedule).toEqual({ nightlyAt: '02:00', timezone: 'Europe/Paris' });
    expect(body.note).toMatch(/not reachable from the API/);
  });

  it('lists each source with its drop folder, format, options and the items waiting there', async () => {
    const drop = join(api.home, 'drops', 'C1');
    mkdirSync(join(drop, 'archive'), { recursive: true });
    mkdirSync(join(drop, 'quarantine'), { recursive: true });
    writeFileSync(join(drop, 'documents.csv'), 'x\n');
    writeFileSync(join(drop, 'payments.csv'), 'x\n');
    writeFileSync(join(drop, 'late.csv.part'), 'x\n'); // still being written: not waiting
    writeFileSync(join(drop, '.hidden'), 'x\n');
    writeFileSync(join(drop, 'archive', 'old.csv'), 'x\n');
    writeFileSync(
      file(),
      JSON.stringify([
        { company: 'C1', format: 'canonical', dropDir: 'drops/C1' },
        {
          company: 'C2',
          format: 'fec',
          dropDir: 'drops/C2',
          options: { receivablePrefix: '411', unlettered: 'oldest-first', salesJournals: ['VE'] },
        },
      ]),
    );
    const res = await api.as('admin', { method: 'GET', url: '/api/sources' });
    expect(res.statusCode).toBe(200);
    expect(res.json().sources).toEqual([
      { company: 'C1', format: 'canonical', dropDir: drop, options: {}, dropExists: true, waiting: 2 },
      {
        company: 'C2',
        format: 'fec',
        dropDir: join(api.home, 'drops', 'C2'),
        options: { receivablePrefix: '411', unlettered: 'oldest-first', salesJournals: ['VE'] },
        dropExists: false,
        waiting: null,
      },
    ]);
  });

  it('says what is wrong with an invalid sources file', async () => {
    writeFileSync(file(), '[{"company": "C1"}]');
    const res = await api.as('admin', { method: 'GET', url: '/api/sources' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/sources\.json/);
  });

  it('is for admins only', async () => {
    expect((await api.as('user', { method: 'GET', url: '/api/sources' })).statusCode).toBe(403);
  });
});
