import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import { importTestFec, invoice, openTestWarehouse, opening, payment, writeFec } from './testing.js';

const FY2024 = [
  ...invoice('1', '20241110', 'C1', 'F1', '1000,00', { letter: 'A', dateLet: '20241201' }),
  ...invoice('2', '20241215', 'C1', 'F2', '500,00'),
  ...invoice('3', '20240901', 'C1', 'F4', '800,00'),
  ...payment('4', '20241201', 'C1', 'P1', '1000,00', { letter: 'A', dateLet: '20241201' }),
  ...payment('5', '20241220', 'C1', 'P9', '50,00'),
];
/** FY2025 opens with one detailed "à nouveau" per open item, original PieceRef and PieceDate, then goes on. */
const FY2025 = [
  ...opening('1', '20250101', 'C1', 'F2', 500, { pieceDate: '20241215', letter: 'B', dateLet: '20250120' }),
  ...opening('2', '20250101', 'C1', 'F4', 800, { pieceDate: '20240901' }),
  ...opening('3', '20250101', 'C1', 'P9', -50, { pieceDate: '20241220' }),
  ...payment('4', '20250120', 'C1', 'P2', '500,00', { letter: 'B', dateLet: '20250120' }),
  ...invoice('5', '20250205', 'C1', 'F3', '300,00'),
];
const docs = (db: Warehouse) =>
  db.all(`select document_id, issue_date, amount from core.documents order by 1`);
const pays = (db: Warehouse) => db.all(`select payment_id, date, amount from core.payments order by 1`);
const allocations = (db: Warehouse) =>
  db.all(`select source_id, document_id, amount, date from core.allocations order by date`);

describe('FEC fiscal years and openings', () => {
  let db: Warehouse;
  let y2024: string;
  let y2025: string;
  beforeEach(async () => {
    db = await openTestWarehouse();
    y2024 = writeFec('123456789FEC20241231.txt', FY2024);
    y2025 = writeFec('123456789FEC20251231.txt', FY2025);
  });
  afterEach(() => db.close());

  it('links detailed openings to the prior year documents already loaded; the next year adds to the history', async () => {
    await importTestFec(db, [y2024]);
    const report = await importTestFec(db, [y2025]);
    expect(report.counts.documents).toEqual({ inserted: 1, updated: 0, unchanged: 3 });
    expect(report.counts.payments).toEqual({ inserted: 1, updated: 0, unchanged: 2 });
    expect(report.warnings).toEqual([]);
    expect(await docs(db)).toEqual([
      { document_id: 'F1', issue_date: '2024-11-10', amount: '1000.00' },
      { document_id: 'F2', issue_date: '2024-12-15', amount: '500.00' },
      { document_id: 'F3', issue_date: '2025-02-05', amount: '300.00' },
      { document_id: 'F4', issue_date: '2024-09-01', amount: '800.00' },
    ]);
    expect(await pays(db)).toEqual([
      { payment_id: 'P1', date: '2024-12-01', amount: '1000.00' },
      { payment_id: 'P2', date: '2025-01-20', amount: '500.00' },
      { payment_id: 'P9', date: '2024-12-20', amount: '50.00' },
    ]);
    expect(await allocations(db)).toEqual([
      { source_id: 'P1', document_id: 'F1', amount: '1000.00', date: '2024-12-01' },
      { source_id: 'P2', document_id: 'F2', amount: '500.00', date: '2025-01-20' },
    ]);
  });

  it('makes detailed openings the documents (open amount, PieceDate) when the prior year is not loaded', async () => {
    const alone = writeFec('123456789FEC20251231.txt', [
      ...FY2025,
      ...opening('6', '20250101', 'C1', 'F5', 120, { pieceDate: '20241001' }),
    ]);
    await importTestFec(db, [alone]);
    expect(await docs(db)).toEqual([
      { document_id: 'F2', issue_date: '2024-12-15', amount: '500.00' },
      { document_id: 'F3', issue_date: '2025-02-05', amount: '300.00' },
      { document_id: 'F4', issue_date: '2024-09-01', amount: '800.00' },
      { document_id: 'F5', issue_date: '2024-10-01', amount: '120.00' },
    ]);
    expect(await pays(db)).toEqual([
      { payment_id: 'P2', date: '2025-01-20', amount: '500.00' },
      { payment_id: 'P9', date: '2024-12-20', amount: '50.00' },
    ]);
    expect(await allocations(db)).toEqual([
      { source_id: 'P2', document_id: 'F2', amount: '500.00', date: '2025-01-20' },
    ]);
  });

  it('gives the same ledger whichever year is imported first', async () => {
    await importTestFec(db, [y2025]);
    await importTestFec(db, [y2024]);
    const other = await openTestWarehouse();
    await importTestFec(other, [y2024, y2025]);
    expect(await docs(db)).toEqual(await docs(other));
    expect(await pays(db)).toEqual(await pays(other));
    expect(await allocations(db)).toEqual(await allocations(other));
    other.close();
  });

  it('makes aggregated openings one opening item per customer when the prior year is not loaded', async () => {
    const odoo = writeFec('123456789FEC20251231.txt', [
      ...opening('1', '20250101', 'C1', '-', 700),
      ...opening('1', '20250101', 'C2', '-', -200),
      ...payment('2', '20250115', 'C1', 'P3', '700,00'),
    ]);
    await importTestFec(db, [odoo], { unlettered: 'oldest-first' });
    expect(await docs(db)).toEqual([
      { document_id: 'AN-2025-C1', issue_date: '2025-01-01', amount: '700.00' },
    ]);
    expect(await pays(db)).toEqual([
      { payment_id: 'AN-2025-C2', date: '2025-01-01', amount: '200.00' },
      { payment_id: 'P3', date: '2025-01-15', amount: '700.00' },
    ]);
    expect(await allocations(db)).toEqual([
      { source_id: 'P3', document_id: 'AN-2025-C1', amount: '700.00', date: '2025-01-15' },
    ]);
  });

  it('checks aggregated openings against the loaded prior year, warns on a mismatch and skips them', async () => {
    await importTestFec(db, [y2024]);
    const odoo = writeFec('123456789FEC20251231.txt', [
      ...opening('1', '20250101', 'C1', '-', 1250),
      ...opening('1', '20250101', 'C2', '-', 40),
      ...invoice('2', '20250205', 'C1', 'F3', '300,00'),
    ]);
    const report = await importTestFec(db, [odoo]);
    expect(report.warnings).toEqual([
      'company 123456789 fiscal year 2025: the opening balance of customer C2 is 40.00 EUR but fiscal year 2024 closes at ' +
        "0.00 (difference 40.00); the prior year's detail is used",
    ]);
    expect(await docs(db)).toHaveLength(4);
    expect(await db.all(`select count(*) as n from core.documents where document_id like 'AN-%'`)).toEqual([
      { n: '0' },
    ]);
  });

  it('replaces a fiscal year by its re-export, and says how many lines disappeared', async () => {
    await importTestFec(db, [y2024]);
    const reexport = writeFec('123456789FEC20241231.txt', [
      ...FY2024.slice(0, 2),
      ...invoice('2', '20241215', 'C1', 'F2', '500,00', { letter: 'B', dateLet: '20250120' }),
      ...FY2024.slice(4),
    ]);
    const report = await importTestFec(db, [reexport]);
    expect(report.counts.lines).toEqual({ inserted: 1, updated: 0, unchanged: 9 });
    expect(report.warnings).toEqual([
      'company 123456789 fiscal year 2024: this file replaces the one loaded before; 1 line(s) of it are no longer present',
    ]);
    expect(await docs(db)).toHaveLength(3);
    expect(await db.all('select count(*) as n from raw.fec_lines')).toEqual([{ n: '20' }]);
  });
});
