import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createSilentLog } from '../lib/log.js';
import { importCanonical } from '../pipelines/canonical/import.js';
import { openDuckDb, type Warehouse } from '../warehouse/db.js';
import { computeKpis, materializeKpiSnapshots } from '../warehouse/kpi/index.js';
import { locateWorkedExample } from '../warehouse/kpi/test-ledger.js';
import { prepareWarehouse } from '../warehouse/warehouse.js';
import { buildApp } from './app.js';
import { instanceId } from './instance.js';
import { createTestCaller } from './auth/testing.js';

describe('API', () => {
  let dir: string;
  let db: Warehouse;
  let app: FastifyInstance;
  let caller: { authorization: string };
  const get = async (url: string, signedIn = true) => {
    const response = await app.inject({ method: 'GET', url, headers: signedIn ? caller : {} });
    return { status: response.statusCode, body: response.json(), headers: response.headers };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'encours-api-'));
    db = await openDuckDb(join(dir, 'warehouse.duckdb'));
    await prepareWarehouse(db, 'EUR');
    await importCanonical(db, join(locateWorkedExample(), 'canonical'), { companyId: 'C1' });
    await materializeKpiSnapshots(db, ['2025-03-29', '2025-03-30', '2025-03-31']);
    const dashboard = join(dir, 'dashboard');
    mkdirSync(dashboard);
    writeFileSync(
      join(dashboard, 'index.html'),
      '<html><body><script>window.boot = 1;</script></body></html>',
    );
    writeFileSync(join(dashboard, 'app.js'), 'console.log(1)');
    app = await buildApp({
      db,
      config: { home: dir, reportingCurrency: 'EUR' },
      log: createSilentLog(),
      version: '9.9.9',
      dashboardDir: dashboard,
    });
    caller = await createTestCaller(db, 'viewer'); // the /api routes need a signed-in caller (api/auth)
  });
  afterAll(async () => {
    await app?.close();
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers health with the id of the home it serves, and readiness, without signing in', async () => {
    expect(await get('/api/health', false)).toMatchObject({
      status: 200,
      body: { status: 'ok', service: 'encours', version: '9.9.9', instance: instanceId(dir) },
    });
    expect(await get('/api/ready', false)).toMatchObject({
      status: 200,
      body: { ready: true, checks: { warehouse: 'ok', temporal: 'absent', worker: 'absent' } },
    });
  });

  it('returns the KPIs exactly as computeKpis (and `encours kpi --json`) does', async () => {
    const { status, body } = await get('/api/kpi?asOf=2025-03-31&company=C1');
    expect(status).toBe(200);
    expect(body).toEqual(await computeKpis(db, { asOf: '2025-03-31', companyId: 'C1' }));
    expect(body.aging.net_ar).toBe(10100);
    expect(body.dso.simple).toBeCloseTo(84.9533, 4);
  });

  it('returns the aged balance by customer and the daily trend from the snapshots', async () => {
    const aging = await get('/api/aging?asOf=2025-03-31');
    expect(aging.status).toBe(200);
    expect(aging.body.rows.map((r: { key: string }) => r.key).sort()).toEqual(['A', 'B']);
    expect(aging.body.totals.net_ar).toBe(10100);
    const trend = await get('/api/kpi/trend?from=2025-03-30&to=2025-03-31');
    expect(trend.body).toMatchObject({ company: '*', from: '2025-03-30', to: '2025-03-31' });
    expect(trend.body.points.map((p: { asOf: string; net_ar: string }) => [p.asOf, p.net_ar])).toEqual([
      ['2025-03-30', '10100.00'],
      ['2025-03-31', '10100.00'],
    ]);
    expect((await get('/api/kpi/trend')).body.points).toHaveLength(3);
  });

  it('rejects bad parameters with 400 and unknown things with 404, as JSON', async () => {
    expect(await get('/api/kpi?asOf=31/03/2025')).toMatchObject({
      status: 400,
      body: { error: 'bad_input' },
    });
    expect(await get('/api/kpi?colour=red')).toMatchObject({ status: 400, body: { error: 'bad_input' } });
    expect(await get('/api/kpi?company=NOPE')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await get('/api/nothing')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await get('/api/kpi', false)).toMatchObject({ status: 401, body: { error: 'unauthenticated' } });
  });

  it('serves the dashboard with a CSP that admits only its own inline boot script', async () => {
    const page = await app.inject({ method: 'GET', url: '/customers/42' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('window.boot');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    expect((await app.inject({ method: 'GET', url: '/app.js' })).body).toBe('console.log(1)');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});
