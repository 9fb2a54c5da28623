import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import {
  creditNote,
  FEC_HEADER,
  fecFields,
  importTestFec,
  invoice,
  openTestWarehouse,
  payment,
  writeFec,
  writeTerms,
} from './testing.js';

const docs = (db: Warehouse) =>
  db.all(
    `select document_id, customer_id, type, issue_date, due_date, amount, currency from core.documents order by 1`,
  );
const pays = (db: Warehouse) =>
  db.all(`select payment_id, customer_id, date, amount, currency, method from core.payments order by 1`);

describe('FEC variants', () => {
  let db: Warehouse;
  beforeEach(async () => {
    db = await openTestWarehouse();
  });
  afterEach(() => db.close());

  const simple = [
    ...invoice('1', '20250110', 'C1', 'F1', '120,00'),
    ...payment('2', '20250120', 'C1', 'P1', '100,00'),
  ];

  it('reads a tab-separated file', async () => {
    await importTestFec(db, [writeFec('t.txt', simple, { separator: '\t' })]);
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', amount: '120.00', issue_date: '2025-01-10' }]);
    expect(await pays(db)).toMatchObject([{ payment_id: 'P1', amount: '100.00', date: '2025-01-20' }]);
  });

  it('reads UTF-8 with a BOM and CRLF line ends', async () => {
    const lines = [...invoice('1', '20250110', 'C1', 'F1', '120,00', { label: 'Facture réf. €' })];
    await importTestFec(db, [writeFec('t.txt', lines, { bom: true, crlf: true })]);
    const raw = await db.all(
      `select journal_code, ecriture_lib, valid_date from raw.fec_lines order by source_line`,
    );
    expect(raw[0]).toEqual({ journal_code: 'VT', ecriture_lib: 'Facture réf. €', valid_date: '2025-01-10' });
  });

  it('reads ISO-8859-15 (é, € as 0xA4)', async () => {
    const path = writeFec('t.txt', invoice('1', '20250110', 'C1', 'F1', '120,00', { label: 'Société €' }), {
      encoding: 'iso-8859-15',
    });
    await importTestFec(db, [path]);
    expect(await db.all(`select ecriture_lib from raw.fec_lines where source_line = 2`)).toEqual([
      { ecriture_lib: 'Société €' },
    ]);
  });

  it('reads Windows-1252 (€ as 0x80, ’ as 0x92) and says so', async () => {
    const path = writeFec('t.txt', invoice('1', '20250110', 'C1', 'F1', '120,00', { label: 'LABEL' }));
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path);
    const at = bytes.indexOf('LABEL');
    bytes.set([0x80, 0x20, 0x92, 0x20, 0xe9], at);
    writeFileSync(path, bytes);
    const report = await importTestFec(db, [path]);
    expect(report.warnings.join()).toMatch(/Windows-1252/);
    expect(await db.all(`select ecriture_lib from raw.fec_lines where source_line = 2`)).toEqual([
      { ecriture_lib: '€ ’ é' },
    ]);
  });

  it('matches header names case-insensitively', async () => {
    const header = FEC_HEADER.toUpperCase().replace('MONTANTDEVISE', 'MontantDevise');
    await importTestFec(db, [writeFec('t.txt', simple, { header })]);
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', amount: '120.00' }]);
  });

  it('keeps extra columns in extra and reads the payment method from ModeRglt', async () => {
    const header = FEC_HEADER + '|DateRglt|ModeRglt';
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '120,00'),
      ...payment('2', '20250120', 'C1', 'P1', '120,00'),
    ].map((l, i) => [...fecFields(l), i >= 2 ? '20250120' : '', i >= 2 ? 'VIR' : ''].join('|'));
    await importTestFec(db, [writeFec('t.txt', lines, { header })]);
    const [row] = await db.all<{ extra: string }>(`select extra from raw.fec_lines where source_line = 4`);
    expect(JSON.parse(row!.extra)).toEqual({ DateRglt: '20250120', ModeRglt: 'VIR' });
    expect(await pays(db)).toMatchObject([{ payment_id: 'P1', method: 'transfer' }]);
  });

  it('accepts the Montant + Sens variant', async () => {
    const header = FEC_HEADER.replace('Debit|Credit', 'Montant|Sens');
    const lines = simple.map((l) => {
      const f = fecFields(l);
      const debit = f[11] !== '0,00';
      f.splice(11, 2, debit ? f[11]! : f[12]!, debit ? 'D' : 'C');
      return f.join('|');
    });
    await importTestFec(db, [writeFec('t.txt', lines, { header })]);
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', amount: '120.00' }]);
    expect(await pays(db)).toMatchObject([{ payment_id: 'P1', amount: '100.00' }]);
  });

  it('reads Odoo-style padded, signed amounts', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', ' 000000000001234,56'),
      ...payment('2', '20250120', 'C1', 'P1', '000000000000034,56'),
      { journal: 'OD', num: '3', date: '20250125', aux: 'C1', ref: 'OD1', debit: '-000000000000010,00' },
      { journal: 'OD', num: '3', date: '20250125', account: '658000', ref: 'OD1', credit: '-10,00' },
    ];
    await importTestFec(db, [writeFec('t.txt', lines)]);
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', amount: '1234.56' }]);
    expect(await pays(db)).toMatchObject([
      { payment_id: 'OD1', amount: '10.00', date: '2025-01-25' },
      { payment_id: 'P1', amount: '34.56' },
    ]);
  });

  it('takes the account as the customer when CompAuxNum is empty, and honours --receivable-prefix', async () => {
    const lines = [
      ...invoice('1', '20250110', '', 'F1', '100,00', { account: '411ACME' }),
      ...invoice('2', '20250111', '', 'F2', '50,00', { account: '416DOUTE' }),
    ];
    await importTestFec(db, [writeFec('t.txt', lines)]);
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', customer_id: '411ACME' }]);
    await importTestFec(db, [writeFec('t.txt', lines)], { receivablePrefix: '41' });
    expect(await docs(db)).toMatchObject([
      { document_id: 'F1', customer_id: '411ACME' },
      { document_id: 'F2', customer_id: '416DOUTE' },
    ]);
  });

  it('reads a credit in a sales journal as a credit note, elsewhere as a payment (journals configurable)', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      ...creditNote('2', '20250112', 'C1', 'AV1', '10,00'),
      ...creditNote('3', '20250113', 'C1', 'AV2', '20,00', { journal: 'VE2' }),
      ...payment('4', '20250114', 'C1', 'P1', '30,00', { journal: 'OD' }),
    ];
    const path = writeFec('t.txt', lines);
    await importTestFec(db, [path]);
    expect(await docs(db)).toMatchObject([
      { document_id: 'AV1', type: 'credit_note' },
      { document_id: 'F1' },
    ]);
    expect(await pays(db)).toMatchObject([{ payment_id: 'AV2' }, { payment_id: 'P1' }]);
    await importTestFec(db, [path], { salesJournals: ['VT', 'VE2'] });
    expect(await docs(db)).toMatchObject([
      { document_id: 'AV1', type: 'credit_note' },
      { document_id: 'AV2', type: 'credit_note' },
      { document_id: 'F1' },
    ]);
  });

  it('dates a payment by EcritureDate, not by DateLet, and allocates by lettrage', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00', { letter: 'AB', dateLet: '20250301' }),
      ...payment('2', '20250205', 'C1', 'P1', '100,00', {
        letter: 'AB',
        dateLet: '20250301',
        pieceDate: '20250203',
      }),
    ];
    await importTestFec(db, [writeFec('t.txt', lines)]);
    expect(await pays(db)).toMatchObject([{ payment_id: 'P1', date: '2025-02-05' }]);
    expect(await db.all('select source_id, document_id, amount, date from core.allocations')).toEqual([
      { source_id: 'P1', document_id: 'F1', amount: '100.00', date: '2025-02-05' },
    ]);
  });

  it('computes due dates from the terms file (45FM) and the default terms', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      ...invoice('2', '20250110', 'C2', 'F2', '100,00'),
    ];
    await importTestFec(db, [writeFec('t.txt', lines)], {
      termsFile: writeTerms([['C1', '45FM']]),
      defaultTerms: '60',
    });
    expect(await docs(db)).toMatchObject([
      { document_id: 'F1', due_date: '2025-03-17' },
      { document_id: 'F2', due_date: '2025-03-11' },
    ]);
    expect(await db.all(`select customer_id, name, payment_terms from core.customers order by 1`)).toEqual([
      { customer_id: 'C1', name: 'Client C1', payment_terms: '45FM' },
      { customer_id: 'C2', name: 'Client C2', payment_terms: null },
    ]);
  });

  it('takes the document currency and amount from Idevise/Montantdevise', async () => {
    const usd = { foreign: '110,00', currency: 'USD' };
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00', { ...usd, letter: 'A' }),
      ...payment('2', '20250120', 'C1', 'P1', '98,00', { ...usd, letter: 'A' }),
      {
        journal: 'OD',
        num: '3',
        date: '20250120',
        aux: 'C1',
        ref: 'X1',
        credit: '2,00',
        foreign: '0,00',
        currency: 'USD',
        letter: 'A',
      },
      { journal: 'OD', num: '3', date: '20250120', account: '666000', ref: 'X1', debit: '2,00' },
      ...invoice('4', '20250111', 'C1', 'F2', '50,00', { foreign: '50,00', currency: 'EUR' }),
    ];
    await importTestFec(db, [writeFec('t.txt', lines)]);
    expect(await docs(db)).toMatchObject([
      { document_id: 'F1', amount: '110.00', currency: 'USD' },
      { document_id: 'F2', amount: '50.00', currency: 'EUR' },
    ]);
    expect(await pays(db)).toMatchObject([{ payment_id: 'P1', amount: '110.00', currency: 'USD' }]);
    expect(await db.all('select source_id, document_id, amount from core.allocations')).toEqual([
      { source_id: 'P1', document_id: 'F1', amount: '110.00' },
    ]);
  });

  it('keeps companies apart: --company, else the SIREN of the file name, else "default"', async () => {
    const a = writeFec('111111111FEC20251231.txt', simple);
    const b = writeFec('grand-livre-2025.txt', invoice('1', '20250110', 'C1', 'F1', '77,00'));
    const report = await importTestFec(db, [a, b]);
    expect(report.companyId).toBeNull();
    expect(await db.all('select company_id, document_id, amount from core.documents order by 1')).toEqual([
      { company_id: '111111111', document_id: 'F1', amount: '120.00' },
      { company_id: 'default', document_id: 'F1', amount: '77.00' },
    ]);
    await importTestFec(db, [b], { companyId: 'ACME' });
    expect(await db.all(`select company_id, fiscal_year from raw.fec_lines group by all order by 1`)).toEqual(
      [
        { company_id: '111111111', fiscal_year: 2025 },
        { company_id: 'ACME', fiscal_year: 2025 },
        { company_id: 'default', fiscal_year: 2025 },
      ],
    );
  });

  it('sees the same content in another encoding, separator and line order as unchanged', async () => {
    const lines = [...simple, ...invoice('3', '20250130', 'C1', 'F3', '10,00', { label: 'Réf. é' })];
    await importTestFec(db, [writeFec('123456789FEC20251231.txt', lines)]);
    const again = writeFec('123456789FEC20251231.txt', [...lines].reverse(), {
      encoding: 'iso-8859-15',
      separator: '\t',
      crlf: true,
    });
    const report = await importTestFec(db, [again]);
    expect(report.unchanged).toBe(true);
    expect(report.counts.lines).toEqual({ inserted: 0, updated: 0, unchanged: 6 });
  });

  it('accepts a line with both Debit and Credit, uses its net and warns', async () => {
    const lines = [
      { journal: 'VT', num: '1', date: '20250110', aux: 'C1', ref: 'F1', debit: '150,00', credit: '30,00' },
      { journal: 'VT', num: '1', date: '20250110', account: '706000', ref: 'F1', credit: '120,00' },
    ];
    const report = await importTestFec(db, [writeFec('t.txt', lines)]);
    expect(report.warnings.join()).toMatch(
      /1 line\(s\) have both Debit and Credit non-zero \(first: line 2\)/,
    );
    expect(await docs(db)).toMatchObject([{ document_id: 'F1', amount: '120.00' }]);
  });
});
