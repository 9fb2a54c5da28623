import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import { importCanonical } from './import.js';
import {
  locateCanonicalExample,
  openTestWarehouse,
  snapshotWarehouse,
  writeCanonicalFolder,
} from './testing.js';

const example = locateCanonicalExample();
let db: Warehouse;

beforeEach(async () => {
  db = await openTestWarehouse();
});
afterEach(() => db.close());

describe('canonical import of the worked example', () => {
  it('loads exactly the ledger into core, with due dates, payments and allocations', async () => {
    const report = await importCanonical(db, example);
    expect(report.unchanged).toBe(false);
    expect(report.loadId).toBeGreaterThan(0);
    expect(report.counts).toEqual({
      customers: { inserted: 2, updated: 0, unchanged: 0 },
      invoices: { inserted: 9, updated: 0, unchanged: 0 },
      payments: { inserted: 5, updated: 0, unchanged: 0 },
      allocations: { inserted: 5, updated: 0, unchanged: 0 },
    });
    expect(report.files.map((f) => [f.path.split('/').pop(), f.rows])).toEqual([
      ['customers.csv', 2],
      ['invoices.csv', 9],
      ['payments.csv', 5],
      ['allocations.csv', 5],
    ]);
    const documents = await db.all(
      `select document_id, customer_id, type, issue_date, due_date, amount::varchar as amount, company_id
       from core.documents order by issue_date`,
    );
    expect(documents.map((d) => Object.values(d).join(' '))).toEqual([
      'A1 A invoice 2024-11-15 2024-12-15 1200.00 default',
      'B1 B invoice 2024-11-25 2025-01-24 3000.00 default',
      'B2 B invoice 2025-01-05 2025-03-06 1800.00 default',
      'A2 A invoice 2025-01-15 2025-02-14 2000.00 default',
      'A3 A invoice 2025-02-10 2025-03-12 1500.00 default',
      'B3 B invoice 2025-02-25 2025-04-26 2200.00 default',
      'CN1 A credit_note 2025-03-05 2025-03-05 300.00 default',
      'A4 A invoice 2025-03-20 2025-04-19 2500.00 default',
      'B4 B invoice 2025-03-28 2025-05-27 1000.00 default',
    ]);
    const payments = await db.all(
      `select payment_id, customer_id, date, amount::varchar as amount, method from core.payments order by date`,
    );
    expect(payments.map((p) => Object.values(p).join(' '))).toEqual([
      'P1 A 2025-01-20 700.00 transfer',
      'P2 B 2025-02-05 1000.00 transfer',
      'P3 A 2025-02-20 800.00 transfer',
      'P4 B 2025-03-10 1800.00 transfer',
      'P5 B 2025-03-25 500.00 transfer',
    ]);
    const allocations = await db.all(
      `select source_id, source_type, document_id, amount::varchar as amount, date from core.allocations order by date`,
    );
    expect(allocations.map((a) => Object.values(a).join(' '))).toEqual([
      'P1 payment A1 700.00 2025-01-20',
      'P2 payment B1 1000.00 2025-02-05',
      'P3 payment A2 800.00 2025-02-20',
      'CN1 credit_note A3 300.00 2025-03-05',
      'P4 payment B2 1800.00 2025-03-10',
    ]);
    const [meta] = await db.all<{ status: string; format: string }>('select status, format from meta.loads');
    expect(meta).toEqual({ status: 'committed', format: 'canonical' });
  });

  it('changes nothing when the same folder is imported again', async () => {
    await importCanonical(db, example);
    const before = await snapshotWarehouse(db);
    const again = await importCanonical(db, example);
    expect(again.unchanged).toBe(true);
    expect(again.loadId).toBeNull();
    expect(again.counts.invoices).toEqual({ inserted: 0, updated: 0, unchanged: 9 });
    expect(await snapshotWarehouse(db)).toEqual(before);
  });

  it('accepts a file with only its header row as nothing new', async () => {
    const report = await importCanonical(
      db,
      writeCanonicalFolder({ 'payments.csv': 'payment_id,customer_id,date,amount\n' }),
    );
    expect(report).toMatchObject({
      unchanged: true,
      loadId: null,
      counts: { payments: { inserted: 0, updated: 0, unchanged: 0 } },
    });
    expect(await db.all('select * from meta.loads')).toEqual([]);
  });

  it('computes missing due dates from the customer terms in core, leaving them null in raw', async () => {
    const dir = writeCanonicalFolder({
      'customers.csv': 'customer_id,name,payment_terms\nK,KAPPA,45FM\n',
      'invoices.csv': 'document_id,customer_id,issue_date,amount\nK1,K,2025-01-15,100\n',
    });
    await importCanonical(db, dir);
    expect(await db.all('select due_date from raw.canonical_documents')).toEqual([{ due_date: null }]);
    expect(await db.all('select due_date from core.documents')).toEqual([{ due_date: '2025-03-17' }]);
  });
});

describe('history and corrections', () => {
  it('appends a corrected row as a new version that supersedes the old one; raw keeps both', async () => {
    await importCanonical(db, example);
    const dir = writeCanonicalFolder({
      'invoices.csv':
        'document_id,customer_id,type,issue_date,due_date,amount\n' +
        'A4,A,invoice,2025-03-20,2025-04-19,2600\nA5,A,invoice,2025-03-30,,400.5\nB4,B,invoice,2025-03-28,2025-05-27,1000.00\n',
    });
    const report = await importCanonical(db, dir);
    expect(report.counts).toEqual({ invoices: { inserted: 1, updated: 1, unchanged: 1 } });
    const versions = await db.all(
      `select amount::varchar as amount, source_line, load_id = $1 as latest from raw.canonical_documents
       where document_id = 'A4' order by load_id`,
      [report.loadId],
    );
    expect(versions).toEqual([
      { amount: '2500.00', source_line: 9, latest: false },
      { amount: '2600.00', source_line: 2, latest: true },
    ]);
    const core = await db.all(
      `select document_id, amount::varchar as amount, due_date from core.documents where document_id in ('A4', 'A5') order by 1`,
    );
    expect(core).toEqual([
      { document_id: 'A4', amount: '2600.00', due_date: '2025-04-19' },
      { document_id: 'A5', amount: '400.50', due_date: '2025-04-29' },
    ]);
    const [loads] = await db.all<{ n: string }>('select count(*) as n from meta.loads');
    expect(loads?.n).toBe('2');
  });

  it('keeps a document in the company it was first loaded in, unless the row says otherwise', async () => {
    const customers = 'customer_id,name\nA,ACME\n';
    await importCanonical(
      db,
      writeCanonicalFolder({
        'customers.csv': customers,
        'invoices.csv': 'document_id,customer_id,issue_date,amount\nX1,A,2025-01-01,10\n',
        'payments.csv': 'payment_id,customer_id,date,amount\nPX,A,2025-01-05,10\n',
      }),
      { companyId: 'FR01' },
    );
    const report = await importCanonical(
      db,
      writeCanonicalFolder({
        'invoices.csv':
          'document_id,customer_id,issue_date,amount,company_id\nX1,A,2025-01-01,12,\nX2,A,2025-01-02,5,BE01\n',
        'allocations.csv': 'source_id,document_id,amount\nPX,X1,10\n',
      }),
    );
    expect(report.counts.invoices).toEqual({ inserted: 1, updated: 1, unchanged: 0 });
    const rows = await db.all(
      `select company_id, document_id, amount::varchar as amount from core.documents order by 2`,
    );
    expect(rows).toEqual([
      { company_id: 'FR01', document_id: 'X1', amount: '12.00' },
      { company_id: 'BE01', document_id: 'X2', amount: '5.00' },
    ]);
    expect(await db.all('select company_id, source_type, date from core.allocations')).toEqual([
      { company_id: 'FR01', source_type: 'payment', date: '2025-01-05' },
    ]);
  });
});

describe('ambiguous ids', () => {
  it('refuses a row without company for an id already loaded under several companies', async () => {
    await importCanonical(
      db,
      writeCanonicalFolder({
        'customers.csv': 'customer_id,name\nA,ACME\n',
        'invoices.csv':
          'document_id,customer_id,issue_date,amount,company_id\nX1,A,2025-01-01,10,FR01\nX1,A,2025-01-01,10,BE01\n',
      }),
    );
    const dir = writeCanonicalFolder({
      'invoices.csv': 'document_id,customer_id,issue_date,amount\nX1,A,2025-01-01,11\n',
    });
    const error = await importCanonical(db, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      location: { file: join(dir, 'invoices.csv'), line: 2, column: 'document_id' },
    });
    expect((error as Error).message).toMatch(/already loaded for several companies/);
    const report = await importCanonical(db, dir, { companyId: 'BE01' });
    expect(report.counts.invoices).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
  });
});

describe('file format details', () => {
  it('keeps unknown columns as attributes, normalises values and reads a BOM and CRLF', async () => {
    const dir = writeCanonicalFolder({
      'customers.csv':
        '\uFEFFCustomer_ID,Name,Region,payment_terms,insured,currency\r\nA,"ACME, Inc.",North, 60 fm ,yes,eur\r\n',
      'fx_rates.csv': 'date,currency,rate\n2025-01-02,usd,0.96\n2025-01-03,USD,.9612345678\n',
      'invoices.csv':
        'document_id,customer_id,issue_date,amount,disputed\nN1,A,2025-01-02,1200.500,N\nN2,A,2025-01-02,.5,1\n',
    });
    const report = await importCanonical(db, dir);
    expect(report.counts.customers).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const [row] = await db.all(
      `select name, payment_terms, insured, currency, attributes::varchar as attributes from raw.canonical_customers`,
    );
    expect(row).toEqual({
      name: 'ACME, Inc.',
      payment_terms: '60FM',
      insured: true,
      currency: 'EUR',
      attributes: '{"Region":"North"}',
    });
    expect(await db.all(`select currency, rate::varchar as rate from core.fx_rates order by date`)).toEqual([
      { currency: 'USD', rate: '0.96000000' },
      { currency: 'USD', rate: '0.96123457' },
    ]);
    expect(await db.all(`select amount::varchar as amount, disputed from core.documents order by 1`)).toEqual(
      [
        { amount: '0.50', disputed: true },
        { amount: '1200.50', disputed: false },
      ],
    );
  });

  it('trims padded cells of a plain ASCII file, and of a file with accents', async () => {
    const dir = writeCanonicalFolder({
      'customers.csv': 'customer_id,name\n P1 ,"  Padded Ltd "\nP2,Émile\u00a0\n',
      'invoices.csv':
        'document_id,customer_id,issue_date,amount\n T1 ,P1, 2025-01-02 ,  10.00\nT2,P2,2025-01-03,"5 "\n',
    });
    await importCanonical(db, dir);
    expect(
      await db.all(
        `select customer_id, name from core.customers where customer_id in ('P1', 'P2') order by 1`,
      ),
    ).toEqual([
      { customer_id: 'P1', name: 'Padded Ltd' },
      { customer_id: 'P2', name: 'Émile' },
    ]);
    expect(
      await db.all(
        `select document_id, issue_date::varchar as issue_date, amount::varchar as amount from core.documents
         where document_id in ('T1', 'T2') order by 1`,
      ),
    ).toEqual([
      { document_id: 'T1', issue_date: '2025-01-02', amount: '10.00' },
      { document_id: 'T2', issue_date: '2025-01-03', amount: '5.00' },
    ]);
  });

  it('counts lines through quoted values that span lines and blank lines', async () => {
    const dir = writeCanonicalFolder({
      'customers.csv': 'customer_id,name\nA,ACME\n',
      'invoices.csv':
        'document_id,customer_id,issue_date,amount,reference\n' +
        'Q1,A,2025-01-01,10,"two\nlines"\n\nQ2,A,2025-01-02,20,"say ""hi"""\nQ3,A,2025-01-03,30,\n',
    });
    await importCanonical(db, dir);
    const rows = await db.all(
      `select document_id, source_line, reference from raw.canonical_documents order by 1`,
    );
    expect(rows).toEqual([
      { document_id: 'Q1', source_line: 2, reference: 'two\nlines' },
      { document_id: 'Q2', source_line: 5, reference: 'say "hi"' },
      { document_id: 'Q3', source_line: 6, reference: null },
    ]);
  });

  it('loads an exact duplicate row once, with a warning', async () => {
    const dir = writeCanonicalFolder({
      'customers.csv': 'customer_id,name\nA,ACME\n',
      'payments.csv':
        'payment_id,customer_id,date,amount\nP1,A,2025-01-01,10\nP1,A,2025-01-01,10.00\nP2,A,2025-01-01,5\n',
    });
    const report = await importCanonical(db, dir);
    expect(report.counts.payments).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(report.warnings).toEqual([
      'payments.csv: 1 row(s) repeat an earlier row exactly and were loaded once (first repeat on line 3)',
    ]);
  });
});
