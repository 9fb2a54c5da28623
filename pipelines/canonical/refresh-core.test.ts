import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../warehouse/db.js';
import { listModels, runTransforms } from '../../warehouse/transform.js';
import { importTestFec } from '../fec/testing.js';
import { importCanonical } from './import.js';
import { FACT_DIMENSIONS } from '../core-refresh.js';
import { locateCanonicalExample, openTestWarehouse, readTables, writeCanonicalFolder } from './testing.js';

const example = locateCanonicalExample();
const fecExample = join(example, '..', 'fec');
const CORE_TABLES = [
  'core.customers',
  'core.companies',
  'core.documents',
  'core.payments',
  'core.allocations',
  'core.fx_rates',
];

const readCore = (db: Warehouse) => readTables(db, CORE_TABLES);

/** Imports the folder and checks that core equals a rebuild from raw; returns how the import refreshed core. */
async function importAndCompare(db: Warehouse, dir: string): Promise<string | undefined> {
  const messages: Array<{ msg?: string; core?: string }> = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      messages.push(JSON.parse(chunk.toString()) as { msg?: string; core?: string });
      done();
    },
  });
  await importCanonical(db, dir, { log: pino({ level: 'debug' }, sink) });
  const refreshed = await readCore(db);
  await runTransforms(db, listModels(), ['staging', 'core']);
  expect(refreshed).toEqual(await readCore(db));
  expect(refreshed['core.documents']!.length).toBeGreaterThan(0);
  return messages.find((m) => m.msg === 'refreshed staging and core')?.core;
}

let db: Warehouse;
beforeEach(async () => {
  db = await openTestWarehouse();
});
afterEach(() => db.close());

describe('core after a canonical import equals a rebuild from raw', () => {
  it('appends a first load, then later files with new keys, corrections and a zeroed allocation', async () => {
    expect(await importAndCompare(db, example)).toBe('appended');
    const later = writeCanonicalFolder({
      'customers.csv': 'customer_id,name,payment_terms,currency\nN,NOVA,45FM,USD\n',
      'invoices.csv':
        'document_id,customer_id,type,issue_date,due_date,amount\n' +
        'A4,A,invoice,2025-03-20,2025-04-19,2600\n' + // corrected amount
        'A5,A,invoice,2025-03-30,,400.5\n' + // new, due date from A's terms
        'N1,N,invoice,2025-04-01,,900\n' + // new customer, due date from its terms, its currency
        'CN2,N,credit_note,2025-04-02,,100\n',
      'payments.csv':
        'payment_id,customer_id,date,amount,method\nP6,N,2025-04-10,500,card\nP1,A,2025-01-21,700,\n',
      'allocations.csv': 'source_id,document_id,amount\nP6,N1,500\nCN2,N1,100\nP1,A1,0\nP3,A2,800\n', // P1 zeroed, P3 unchanged
      'fx_rates.csv': 'date,currency,rate\n2025-04-01,USD,0.92\n',
    });
    expect(await importAndCompare(db, later)).toBe('appended');
    const zeroed = await db.all(`select * from core.allocations where source_id = 'P1'`);
    expect(zeroed).toEqual([]);
    const versions = await db.all(
      `select document_id, amount::varchar as amount, source_line from core.documents where document_id = 'A4'`,
    );
    expect(versions).toEqual([{ document_id: 'A4', amount: '2600.00', source_line: 2 }]);
  });

  it('rebuilds the facts when the load changes a customer that stored documents join to', async () => {
    await importAndCompare(db, example);
    const terms = writeCanonicalFolder({
      'customers.csv': 'customer_id,name,payment_terms\nA,ACME,60\n',
      'invoices.csv': 'document_id,customer_id,issue_date,amount\nA6,A,2025-04-01,300\n',
    });
    expect(await importAndCompare(db, terms)).toBe('rebuilt');
    const due = await db.all(`select due_date from core.documents where document_id = 'A6'`);
    expect(due).toEqual([{ due_date: '2025-05-31' }]);
  });

  it('keeps appending when a load changes customer details that no fact reads (name, credit limit, owner)', async () => {
    await importAndCompare(db, example);
    const details = writeCanonicalFolder({
      'customers.csv':
        'customer_id,name,payment_terms,credit_limit,owner,email\nA,ACME Holding,30,50000,marie,ar@acme.example\n',
      'invoices.csv': 'document_id,customer_id,issue_date,amount\nA7,A,2025-04-01,120\n',
    });
    expect(await importAndCompare(db, details)).toBe('appended');
    expect(await db.all(`select name, owner from core.customers where customer_id = 'A'`)).toEqual([
      { name: 'ACME Holding', owner: 'marie' },
    ]);
  });

  it('lists exactly the customer and company columns that the core fact macros read', () => {
    const models = listModels().filter((m) => m.layer === 'core');
    for (const d of FACT_DIMENSIONS) {
      const read = new Set(
        models.flatMap((m) =>
          [...m.sql.matchAll(new RegExp(`\\b${d.alias}\\.(\\w+)`, 'g'))].map((x) => x[1]),
        ),
      );
      expect({ table: d.table, read: [...read].sort() }).toEqual({
        table: d.table,
        read: [...d.read].sort(),
      });
    }
  });

  it('keeps FEC facts, and rebuilds when canonical details replace a FEC customer', async () => {
    await importTestFec(db, [join(fecExample, '123456789FEC20251231.txt')], {
      termsFile: join(fecExample, 'customers.csv'),
    });
    const added = writeCanonicalFolder({
      'customers.csv': 'customer_id,name\nZ,ZETA\n',
      'invoices.csv': 'document_id,customer_id,issue_date,amount,company_id\nZ1,Z,2025-04-01,250,123456789\n',
    });
    expect(await importAndCompare(db, added)).toBe('appended');
    const replaced = writeCanonicalFolder({
      'customers.csv': 'customer_id,name,payment_terms,currency\nC001,CLIENT UN,45FM,USD\n',
    });
    expect(await importAndCompare(db, replaced)).toBe('rebuilt');
    const fecDocuments = await db.all(
      `select count(*)::integer as n from core.documents where source = 'fec'`,
    );
    expect(fecDocuments).toEqual([{ n: 9 }]);
  });
});
