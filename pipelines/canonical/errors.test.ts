import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import { importCanonical } from './import.js';
import {
  locateCanonicalExample,
  openTestWarehouse,
  snapshotWarehouse,
  writeCanonicalFolder,
} from './testing.js';

// Every case runs against the worked example already loaded (customers A, B; A1…B4, CN1; P1…P5 and their allocations),
// must be refused with the exact file, line and column, and must leave that warehouse exactly as it was.
let db: Warehouse;
let base: Record<string, unknown>;

beforeAll(async () => {
  db = await openTestWarehouse();
  await importCanonical(db, locateCanonicalExample());
  base = await snapshotWarehouse(db);
});
afterAll(() => db.close());

const INVOICE_HEADER = 'document_id,customer_id,issue_date,amount';
const invoices = (...rows: string[]) => ({ 'invoices.csv': [INVOICE_HEADER, ...rows].join('\n') + '\n' });
const payments = (...rows: string[]) => ({
  'payments.csv': ['payment_id,customer_id,date,amount', ...rows].join('\n') + '\n',
});
const allocations = (...rows: string[]) => ({
  'allocations.csv': ['source_id,document_id,amount', ...rows].join('\n') + '\n',
});

async function expectRefused(
  files: Record<string, string | Buffer>,
  where: { file: string; line?: number; column?: string },
  reason: RegExp,
): Promise<void> {
  const dir = writeCanonicalFolder(files);
  const error = await importCanonical(db, dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const input = error as InputError;
  expect(input.location).toEqual({ file: join(dir, where.file), line: where.line, column: where.column });
  expect(input.reason).toMatch(reason);
  expect(await snapshotWarehouse(db)).toEqual(base);
}

describe('file structure', () => {
  it('refuses a missing required column', async () => {
    const files = { 'invoices.csv': 'document_id,customer_id,issue_date\nA9,A,2025-01-01\n' };
    await expectRefused(
      files,
      { file: 'invoices.csv', line: 1, column: 'amount' },
      /required column "amount" is missing/,
    );
  });

  it('refuses a row with too few fields', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10', 'A10,A,2025-01-01'),
      { file: 'invoices.csv', line: 3, column: 'amount' },
      /found 3 fields where the header has 4 columns/,
    );
  });

  it('refuses a row with too many fields, after a quoted value spanning lines', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,"1\n0"', 'A10,A,2025-01-01,10,x'),
      { file: 'invoices.csv', line: 4, column: 'field 5' },
      /found 5 fields/,
    );
  });

  it('refuses bytes that are not UTF-8', async () => {
    const files = {
      'customers.csv': Buffer.concat([
        Buffer.from('customer_id,name\nZ,Zed\nY,Caf'),
        Buffer.from([0xe9]),
        Buffer.from('\n'),
      ]),
    };
    await expectRefused(
      files,
      { file: 'customers.csv', line: 3, column: 'name' },
      /bytes E9 are not valid UTF-8/,
    );
  });

  it('refuses an unterminated quote', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10', 'A10,"A,2025-01-01,10'),
      { file: 'invoices.csv', line: 3 },
      /never closed/,
    );
  });

  it('refuses CR-only line endings', async () => {
    await expectRefused(
      { 'customers.csv': 'customer_id,name\rZ,Zed\r' },
      { file: 'customers.csv', line: 1 },
      /CR only/,
    );
  });

  it('refuses an empty file and a folder without canonical files', async () => {
    await expectRefused({ 'payments.csv': '' }, { file: 'payments.csv', line: 1 }, /header row/);
    const dir = writeCanonicalFolder({ 'notes.txt': 'hello' });
    const error = await importCanonical(db, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as InputError).location).toEqual({ file: dir });
    expect((error as InputError).reason).toMatch(/at least one of customers.csv/);
  });
});

describe('values', () => {
  it('refuses a non-numeric amount', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10', 'A10,A,2025-01-01,"1,5"'),
      { file: 'invoices.csv', line: 3, column: 'amount' },
      /"1,5" is not a number/,
    );
  });

  it('refuses a negative amount', async () => {
    await expectRefused(
      payments('P9,A,2025-01-01,-5'),
      { file: 'payments.csv', line: 2, column: 'amount' },
      /"-5" is negative/,
    );
  });

  it('refuses more than two decimals', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10.125'),
      { file: 'invoices.csv', line: 2, column: 'amount' },
      /more than 2 decimals/,
    );
  });

  it('refuses an impossible date', async () => {
    await expectRefused(
      invoices('A9,A,2025-02-30,10'),
      { file: 'invoices.csv', line: 2, column: 'issue_date' },
      /"2025-02-30" is not a real date/,
    );
  });

  it('refuses an empty required value', async () => {
    await expectRefused(
      { 'customers.csv': 'customer_id,name\nZ,\n' },
      { file: 'customers.csv', line: 2, column: 'name' },
      /the value is empty/,
    );
  });

  it('refuses an unknown document type', async () => {
    const files = {
      'invoices.csv': 'document_id,customer_id,issue_date,amount,type\nA9,A,2025-01-01,10,bill\n',
    };
    await expectRefused(
      files,
      { file: 'invoices.csv', line: 2, column: 'type' },
      /"bill" is not an accepted value; use one of invoice, credit_note/,
    );
  });

  it('refuses an unknown delivery channel', async () => {
    const files = {
      'invoices.csv': 'document_id,customer_id,issue_date,amount,delivery\nA9,A,2025-01-01,10,pigeon\n',
    };
    await expectRefused(
      files,
      { file: 'invoices.csv', line: 2, column: 'delivery' },
      /"pigeon" is not an accepted value/,
    );
  });

  it('refuses an unknown payment method', async () => {
    const files = {
      'payments.csv': 'payment_id,customer_id,date,amount,method\nP9,A,2025-01-01,10,bitcoin\n',
    };
    await expectRefused(
      files,
      { file: 'payments.csv', line: 2, column: 'method' },
      /"bitcoin" is not an accepted value/,
    );
  });

  it('refuses bad payment terms', async () => {
    const files = { 'customers.csv': 'customer_id,name,payment_terms\nZ,Zed,30\nY,Why,30 days\n' };
    await expectRefused(
      files,
      { file: 'customers.csv', line: 3, column: 'payment_terms' },
      /"30 days" are not valid payment terms/,
    );
  });

  it('refuses a bad currency code and a bad yes/no value', async () => {
    await expectRefused(
      { 'customers.csv': 'customer_id,name,currency\nZ,Zed,EURO\n' },
      { file: 'customers.csv', line: 2, column: 'currency' },
      /not a currency code/,
    );
    await expectRefused(
      { 'customers.csv': 'customer_id,name,insured\nZ,Zed,oui\n' },
      { file: 'customers.csv', line: 2, column: 'insured' },
      /not a yes\/no value/,
    );
  });
});

describe('rows against each other and the warehouse', () => {
  it('refuses the same id twice with different content', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10', 'A8,A,2025-01-01,10', 'A9,A,2025-01-01,11'),
      { file: 'invoices.csv', line: 4, column: 'document_id' },
      /already appears on line 2 with different content/,
    );
  });

  it('names the exact line deep in a large file read in parallel, after a quoted value spanning lines', async () => {
    // about 18 MB: DuckDB reads it in 8 MB chunks on both threads; line numbers must still follow the file
    const filler = 'reference-'.repeat(3);
    const rows = Array.from(
      { length: 300_000 },
      (_, i) => `L${i},A,2025-01-01,10,${i === 3 ? '"two\nlines"' : filler}`,
    );
    rows[299_990] = `L299990,Z,2025-01-01,10,${filler}`;
    await expectRefused(
      { 'invoices.csv': ['document_id,customer_id,issue_date,amount,reference', ...rows].join('\n') + '\n' },
      { file: 'invoices.csv', line: 299_990 + 2 + 1, column: 'customer_id' },
      /unknown customer "Z"/,
    );
  });

  it('refuses an invoice whose customer is unknown', async () => {
    await expectRefused(
      invoices('A9,A,2025-01-01,10', 'Z1,Z,2025-01-01,10'),
      { file: 'invoices.csv', line: 3, column: 'customer_id' },
      /unknown customer "Z"/,
    );
  });

  it('refuses a payment whose customer is unknown', async () => {
    await expectRefused(
      payments('P9,Z,2025-01-01,10'),
      { file: 'payments.csv', line: 2, column: 'customer_id' },
      /unknown customer "Z"/,
    );
  });

  it('refuses an allocation to an unknown document', async () => {
    await expectRefused(
      allocations('P5,ZZ,10'),
      { file: 'allocations.csv', line: 2, column: 'document_id' },
      /unknown document "ZZ"/,
    );
  });

  it('refuses an allocation to a credit note', async () => {
    await expectRefused(
      allocations('P5,CN1,10'),
      { file: 'allocations.csv', line: 2, column: 'document_id' },
      /is a credit note/,
    );
  });

  it('refuses an allocation whose credit note source does not exist', async () => {
    await expectRefused(
      allocations('P5,A4,10', 'CN9,A4,10'),
      { file: 'allocations.csv', line: 3, column: 'source_id' },
      /unknown source "CN9"/,
    );
  });

  it('refuses an invoice as allocation source', async () => {
    await expectRefused(
      allocations('A1,A4,10'),
      { file: 'allocations.csv', line: 2, column: 'source_id' },
      /"A1" is an invoice/,
    );
  });

  it('refuses allocations beyond the open amount of a document (existing + new)', async () => {
    // A1 = 1200, of which P1 already settles 700: 600 more is too much.
    await expectRefused(
      { ...payments('P9,A,2025-03-01,600'), ...allocations('P9,A1,600') },
      { file: 'allocations.csv', line: 2, column: 'amount' },
      /document "A1" \(company default\) reach 1300.00, more than its amount 1200.00/,
    );
  });

  it('refuses new allocations that together exceed a document', async () => {
    await expectRefused(
      {
        ...payments('P9,A,2025-03-01,2000', 'P10,A,2025-03-02,600'),
        ...allocations('P9,A4,2000', 'P10,A4,600'),
      },
      { file: 'allocations.csv', line: 3, column: 'amount' },
      /reach 2600.00, more than its amount 2500.00/,
    );
  });

  it('refuses allocations beyond the amount of their payment', async () => {
    await expectRefused(
      { ...payments('P9,A,2025-03-01,100'), ...allocations('P9,A4,60', 'P9,A2,50') },
      { file: 'allocations.csv', line: 3, column: 'amount' },
      /source "P9" \(company default\) reach 110.00, more than its amount 100.00/,
    );
  });

  it('refuses allocations beyond the amount of their credit note', async () => {
    // CN1 = 300, already allocated whole to A3.
    await expectRefused(
      allocations('CN1,A4,50'),
      { file: 'allocations.csv', line: 2, column: 'amount' },
      /source "CN1" \(company default\) reach 350.00, more than its amount 300.00/,
    );
  });

  it('refuses an invoice corrected below what is already allocated to it', async () => {
    await expectRefused(
      invoices('A1,A,2024-11-15,500'),
      { file: 'invoices.csv', line: 2, column: 'amount' },
      /amount 500.00 is less than the 700.00 already allocated to document "A1"/,
    );
  });
});

describe('allocation balances on a first load (no allocation stored yet)', () => {
  const ledger = (allocationRows: string[]) =>
    writeCanonicalFolder({
      'customers.csv': 'customer_id,name\nA,Alpha\n',
      ...invoices('I1,A,2025-01-10,100', 'I2,A,2025-01-11,200'),
      ...payments('P1,A,2025-02-01,150', 'P2,A,2025-02-02,250'),
      ...allocations(...allocationRows),
    });

  async function refusal(dir: string): Promise<InputError> {
    const fresh = await openTestWarehouse();
    const error = await importCanonical(fresh, dir).then(
      () => undefined,
      (e: unknown) => e,
    );
    const [rows] = await fresh.all<{ n: string }>('select count(*) as n from raw.canonical_documents');
    expect(Number(rows?.n)).toBe(0);
    fresh.close();
    expect(error).toBeInstanceOf(InputError);
    return error as InputError;
  }

  it('refuses the line where an invoice is allocated beyond its amount', async () => {
    const dir = ledger(['P1,I1,60', 'P2,I2,200', 'P2,I1,50']);
    const error = await refusal(dir);
    expect(error.location).toEqual({ file: join(dir, 'allocations.csv'), line: 4, column: 'amount' });
    expect(error.reason).toMatch(
      /document "I1" \(company default\) reach 110.00, more than its amount 100.00/,
    );
  });

  it('refuses the line where a payment gives more than its amount', async () => {
    const dir = ledger(['P1,I1,100', 'P1,I2,60']);
    const error = await refusal(dir);
    expect(error.location).toEqual({ file: join(dir, 'allocations.csv'), line: 3, column: 'amount' });
    expect(error.reason).toMatch(/source "P1" \(company default\) reach 160.00, more than its amount 150.00/);
  });

  it('loads allocations that use every amount exactly', async () => {
    const fresh = await openTestWarehouse();
    const report = await importCanonical(fresh, ledger(['P1,I1,100', 'P1,I2,50', 'P2,I2,150']));
    expect(report.counts.allocations).toEqual({ inserted: 3, updated: 0, unchanged: 0 });
    fresh.close();
  });
});
