import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import { computeKpis } from '../../warehouse/kpi/index.js';
import { importTestFec, openTestWarehouse } from './testing.js';

/** The shared worked example (DESIGN.md §4): test/fixtures in the repository, else the shared fixtures folder. */
function locateWorkedExample(): string {
  const root = resolve(import.meta.dirname, '..', '..');
  const candidates = [
    join(root, 'test', 'fixtures', 'worked-example'),
    join(root, '..', 'shared', 'fixtures', 'worked-example'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'expected.json')));
  if (!found) throw new Error(`worked example not found in ${candidates.join(' or ')}`);
  return found;
}

const dir = locateWorkedExample();
const fec = join(dir, 'fec', '123456789FEC20251231.txt');
const terms = join(dir, 'fec', 'customers.csv');
const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8'));

const allocations = (db: Warehouse) =>
  db.all(
    `select source_id, document_id, amount, date from core.allocations order by date, source_id, document_id`,
  );

describe('FEC import of the worked example', () => {
  let db: Warehouse;
  beforeEach(async () => {
    db = await openTestWarehouse();
  });
  afterEach(() => db.close());

  it('gives the documents with due dates from the terms file, and the payments dated by EcritureDate', async () => {
    const report = await importTestFec(db, [fec], { termsFile: terms });
    expect(report.companyId).toBe('123456789');
    expect(report.counts).toMatchObject({
      lines: { inserted: 28 },
      documents: { inserted: 9 },
      payments: { inserted: 5 },
    });
    const documents = await db.all(
      `select document_id, customer_id, type, issue_date, due_date, amount, currency from core.documents order by issue_date`,
    );
    expect(documents).toEqual(
      [
        ['FA-A1', 'C001', 'invoice', '2024-11-15', '2024-12-15', '1200.00'],
        ['FA-B1', 'C002', 'invoice', '2024-11-25', '2025-01-24', '3000.00'],
        ['FA-B2', 'C002', 'invoice', '2025-01-05', '2025-03-06', '1800.00'],
        ['FA-A2', 'C001', 'invoice', '2025-01-15', '2025-02-14', '2000.00'],
        ['FA-A3', 'C001', 'invoice', '2025-02-10', '2025-03-12', '1500.00'],
        ['FA-B3', 'C002', 'invoice', '2025-02-25', '2025-04-26', '2200.00'],
        ['AV-001', 'C001', 'credit_note', '2025-03-05', '2025-04-04', '300.00'],
        ['FA-A4', 'C001', 'invoice', '2025-03-20', '2025-04-19', '2500.00'],
        ['FA-B4', 'C002', 'invoice', '2025-03-28', '2025-05-27', '1000.00'],
      ].map(([document_id, customer_id, type, issue_date, due_date, amount]) => ({
        document_id,
        customer_id,
        type,
        issue_date,
        due_date,
        amount,
        currency: 'EUR',
      })),
    );
    expect(
      await db.all(`select payment_id, customer_id, date, amount from core.payments order by date`),
    ).toEqual([
      { payment_id: 'RG-001', customer_id: 'C001', date: '2025-01-20', amount: '700.00' },
      { payment_id: 'RG-002', customer_id: 'C002', date: '2025-02-05', amount: '1000.00' },
      { payment_id: 'RG-003', customer_id: 'C001', date: '2025-02-20', amount: '800.00' },
      { payment_id: 'RG-004', customer_id: 'C002', date: '2025-03-10', amount: '1800.00' },
      { payment_id: 'RG-005', customer_id: 'C002', date: '2025-03-25', amount: '500.00' },
    ]);
  });

  it('allocates only the lettered pair when unlettered credit stays unapplied', async () => {
    await importTestFec(db, [fec], { termsFile: terms, unlettered: 'unapplied' });
    expect(await allocations(db)).toEqual([
      { source_id: 'RG-004', document_id: 'FA-B2', amount: '1800.00', date: '2025-03-10' },
    ]);
    const kpis = await computeKpis(db, { asOf: expected.asOf });
    expect(kpis).toMatchObject(rounded(expected.fec_unlettered_credit_unapplied));
  });

  it('allocates unlettered credit to the oldest open invoices with the oldest-first policy', async () => {
    await importTestFec(db, [fec], { termsFile: terms, unlettered: 'oldest-first' });
    expect(await allocations(db)).toEqual([
      { source_id: 'RG-001', document_id: 'FA-A1', amount: '700.00', date: '2025-01-20' },
      { source_id: 'RG-002', document_id: 'FA-B1', amount: '1000.00', date: '2025-02-05' },
      { source_id: 'RG-003', document_id: 'FA-A1', amount: '500.00', date: '2025-02-20' },
      { source_id: 'RG-003', document_id: 'FA-A2', amount: '300.00', date: '2025-02-20' },
      { source_id: 'AV-001', document_id: 'FA-A2', amount: '300.00', date: '2025-03-05' },
      { source_id: 'RG-004', document_id: 'FA-B2', amount: '1800.00', date: '2025-03-10' },
      { source_id: 'RG-005', document_id: 'FA-B1', amount: '500.00', date: '2025-03-25' },
    ]);
    const kpis = await computeKpis(db, { asOf: expected.asOf });
    expect(kpis).toMatchObject(rounded(expected.fec_unlettered_credit_oldest_first));
  });

  it('changes nothing when the same file is imported again', async () => {
    const first = await importTestFec(db, [fec], { termsFile: terms });
    const before = await db.all('select * from raw.fec_lines order by source_line');
    const again = await importTestFec(db, [fec], { termsFile: terms });
    expect(again.unchanged).toBe(true);
    expect(again.loadId).toBeNull();
    expect(again.counts.lines).toEqual({ inserted: 0, updated: 0, unchanged: 28 });
    expect(await db.all('select * from raw.fec_lines order by source_line')).toEqual(before);
    expect(await db.all('select load_id from meta.loads')).toEqual([{ load_id: String(first.loadId) }]);
  });
});

/** expected.json gives KPIs to 4 decimals. */
function rounded(section: Record<string, unknown>): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...section };
  delete rest.asOf;
  return JSON.parse(JSON.stringify(rest), (_k, v) => (typeof v === 'number' ? expect.closeTo(v, 3) : v));
}
