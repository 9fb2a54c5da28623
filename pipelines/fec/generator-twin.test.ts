import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSilentLog } from '../../lib/log.js';
import type { Warehouse } from '../../warehouse/db.js';
import { importCanonical } from '../canonical/import.js';
import { generateLedger, type GenerateOptions } from '../generator/index.js';
import { importTestFec, openTestWarehouse } from './testing.js';

/** A small generated ledger written twice, as canonical CSV and as yearly FECs, imported into two warehouses. */
describe('FEC import of a generated ledger', () => {
  const work = mkdtempSync(join(tmpdir(), 'encours-fec-twin-'));
  let canonical: Warehouse;
  let fec: Warehouse;
  beforeAll(async () => {
    const common: Omit<GenerateOptions, 'outDir'> = {
      customers: 30,
      invoices: 400,
      seed: 11,
      currencies: ['EUR', 'USD'],
      startDate: '2023-01-01',
      endDate: '2025-12-31',
    };
    await generateLedger({ ...common, format: 'canonical', outDir: join(work, 'canonical') });
    await generateLedger({ ...common, format: 'fec', outDir: join(work, 'fec') });
    canonical = await openTestWarehouse();
    await importCanonical(canonical, join(work, 'canonical'), { log: createSilentLog() });
    fec = await openTestWarehouse();
    const files = readdirSync(join(work, 'fec', 'C1'))
      .sort()
      .map((f) => join(work, 'fec', 'C1', f));
    expect(files).toHaveLength(3);
    for (const file of files) {
      await importTestFec(fec, [file], { companyId: 'C1', termsFile: join(work, 'fec', 'customers.csv') });
    }
  });
  afterAll(() => {
    canonical.close();
    fec.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('yields the same documents (with due dates from the terms) as the canonical twin', async () => {
    const sql = `select company_id, document_id, customer_id, type, issue_date, due_date, amount, currency
                 from core.documents order by document_id`;
    const expected = await canonical.all(sql);
    expect(expected.length).toBeGreaterThan(300);
    expect(await fec.all(sql)).toEqual(expected);
  });

  it('yields the same payments as the canonical twin', async () => {
    const sql = `select company_id, payment_id, customer_id, date, amount, currency from core.payments order by payment_id`;
    expect(await fec.all(sql)).toEqual(await canonical.all(sql));
  });

  it('rebuilds from lettrage allocations that the canonical twin has', async () => {
    const sql = `select source_id, document_id, amount, date from core.allocations order by all`;
    const fromFec = await fec.all(sql);
    expect(fromFec.length).toBeGreaterThan(100);
    expect(await canonical.all(sql)).toEqual(expect.arrayContaining(fromFec));
  });
});
