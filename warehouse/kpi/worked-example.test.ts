import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../db.js';
import { computeAging, computeKpis } from './index.js';
import { importCanonical } from '../../pipelines/canonical/import.js';
import { locateWorkedExample, openTestWarehouse } from './test-ledger.js';

const fixture = locateWorkedExample();
const expected = JSON.parse(readFileSync(join(fixture, 'expected.json'), 'utf8'));
const home = mkdtempSync(join(tmpdir(), 'encours-kpi-'));
let db: Warehouse;

beforeAll(async () => {
  db = await openTestWarehouse(join(home, 'warehouse.duckdb'));
  await importCanonical(db, join(fixture, 'canonical'));
});
afterAll(() => {
  db?.close();
  rmSync(home, { recursive: true, force: true });
});

describe('the worked example (DESIGN.md §4)', () => {
  it('matches the canonical block of expected.json exactly', async () => {
    expect(await computeKpis(db, { asOf: '2025-03-31' })).toEqual({ currency: 'EUR', ...expected.canonical });
  });

  it('ages by customer as README 2a, with totals equal to the KPI aging', async () => {
    const aging = await computeAging(db, { asOf: '2025-03-31', by: 'customer' });
    expect(aging.rows).toEqual([
      {
        key: 'A',
        not_due: 2500,
        days_1_30: 1200,
        days_31_60: 1200,
        days_61_90: 0,
        days_over_90: 500,
        unapplied: 0,
        net_ar: 5400,
      },
      {
        key: 'B',
        not_due: 3200,
        days_1_30: 0,
        days_31_60: 0,
        days_61_90: 2000,
        days_over_90: 0,
        unapplied: -500,
        net_ar: 4700,
      },
    ]);
    expect(aging.totals).toEqual(expected.canonical.aging);
  });

  it('lists the open items of README section 2 with marts.open_items', async () => {
    const items = await db.all(
      `select item_id, open_amount::double as open, dpd::integer as dpd, bucket
       from marts.open_items('2025-03-31') order by item_id`,
    );
    expect(items).toEqual([
      { item_id: 'A1', open: 500, dpd: 106, bucket: 'days_over_90' },
      { item_id: 'A2', open: 1200, dpd: 45, bucket: 'days_31_60' },
      { item_id: 'A3', open: 1200, dpd: 19, bucket: 'days_1_30' },
      { item_id: 'A4', open: 2500, dpd: -19, bucket: 'not_due' },
      { item_id: 'B1', open: 2000, dpd: 66, bucket: 'days_61_90' },
      { item_id: 'B3', open: 2200, dpd: -26, bucket: 'not_due' },
      { item_id: 'B4', open: 1000, dpd: -57, bucket: 'not_due' },
      { item_id: 'P5', open: -500, dpd: null, bucket: 'unapplied' },
    ]);
  });

  it('gives README section 6 beginning receivables as of 2025-03-01 (= 2025-02-28: nothing happened on 03-01)', async () => {
    const before = await computeKpis(db, { asOf: '2025-02-28' });
    expect(before.aging.net_ar).toBe(9200);
    expect((await computeKpis(db, { asOf: '2025-03-01' })).aging).toEqual(before.aging);
  });

  it('defaults the as-of date to the last day with ledger data', async () => {
    expect((await computeKpis(db)).asOf).toBe('2025-03-28');
  });

  it('prints the same JSON through the CLI', async () => {
    db.close();
    const bin = resolve(import.meta.dirname, '..', '..', 'bin', 'encours.js');
    const { stdout } = await promisify(execFile)('node', [bin, 'kpi', '--json', '--as-of', '2025-03-31'], {
      env: { ...process.env, ENCOURS_HOME: home, ENCOURS_REPORTING_CURRENCY: 'EUR' },
    });
    expect(JSON.parse(stdout)).toEqual({ currency: 'EUR', ...expected.canonical });
    db = await openTestWarehouse(join(home, 'warehouse.duckdb'));
  });
});
