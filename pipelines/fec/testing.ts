// Test support: builds small FEC files line by line and opens throwaway warehouses. Not used by the importer.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { createSilentLog } from '../../lib/log.js';
import { openDuckDb, type Warehouse } from '../../warehouse/db.js';
import { prepareWarehouse } from '../../warehouse/warehouse.js';
import { FEC_FIELDS } from './header.js';
import { importFec, type FecImportOptions } from './import.js';

export const FEC_HEADER = FEC_FIELDS.join('|');

export interface LineSpec {
  journal?: string;
  num: string;
  date: string;
  account?: string;
  aux?: string;
  ref?: string;
  pieceDate?: string;
  label?: string;
  debit?: string;
  credit?: string;
  letter?: string;
  dateLet?: string;
  foreign?: string;
  currency?: string;
}

/** One line as its 18 fields (amounts with a decimal comma, as written). */
export function fecFields(l: LineSpec): string[] {
  const account = l.account ?? '411000';
  return [
    l.journal ?? 'VT',
    l.journal === 'BQ' ? 'Banque' : 'Journal',
    l.num,
    l.date,
    account,
    account.startsWith('411') ? 'Clients' : 'Compte',
    l.aux ?? '',
    l.aux ? `Client ${l.aux}` : '',
    l.ref ?? '',
    l.pieceDate ?? l.date,
    l.label ?? 'Libellé é',
    l.debit ?? '0,00',
    l.credit ?? '0,00',
    l.letter ?? '',
    l.dateLet ?? '',
    l.date,
    l.foreign ?? '',
    l.currency ?? '',
  ];
}

/** An invoice entry: 411 debit / 706 credit. */
export function invoice(
  num: string,
  date: string,
  aux: string,
  ref: string,
  amount: string,
  more: Partial<LineSpec> = {},
): LineSpec[] {
  return [
    { journal: 'VT', num, date, aux, ref, debit: amount, ...more },
    {
      journal: more.journal ?? 'VT',
      num,
      date,
      account: '706000',
      ref,
      credit: amount,
      foreign: more.foreign,
      currency: more.currency,
    },
  ];
}

/** A credit note in the sales journal: 706 debit / 411 credit. */
export function creditNote(
  num: string,
  date: string,
  aux: string,
  ref: string,
  amount: string,
  more: Partial<LineSpec> = {},
): LineSpec[] {
  return [
    { journal: 'VT', num, date, aux, ref, credit: amount, ...more },
    { journal: more.journal ?? 'VT', num, date, account: '706000', ref, debit: amount },
  ];
}

/** A payment entry in the bank journal: 512 debit / 411 credit. */
export function payment(
  num: string,
  date: string,
  aux: string,
  ref: string,
  amount: string,
  more: Partial<LineSpec> = {},
): LineSpec[] {
  return [
    { journal: 'BQ', num, date, aux, ref, credit: amount, ...more },
    {
      journal: more.journal ?? 'BQ',
      num,
      date,
      account: '512000',
      ref,
      debit: amount,
      foreign: more.foreign,
      currency: more.currency,
    },
  ];
}

/** An opening line ("à nouveau") on 411 with its 890 counterpart; a negative amount is a credit balance. */
export function opening(
  num: string,
  date: string,
  aux: string,
  ref: string,
  amount: number,
  more: Partial<LineSpec> = {},
): LineSpec[] {
  const text = Math.abs(amount).toFixed(2).replace('.', ',');
  const [d, c] = amount >= 0 ? [text, '0,00'] : ['0,00', text];
  return [
    { journal: 'AN', num, date, aux, ref, debit: d, credit: c, ...more },
    { journal: 'AN', num, date, account: '890000', ref: 'AN', debit: c, credit: d },
  ];
}

export interface WriteOptions {
  separator?: '|' | '\t';
  encoding?: 'utf-8' | 'iso-8859-15';
  bom?: boolean;
  crlf?: boolean;
  header?: string;
}

/** Writes a FEC file in a fresh temp dir; `lines` are specs or ready-made text lines. */
export function writeFec(name: string, lines: (LineSpec | string)[], options: WriteOptions = {}): string {
  const separator = options.separator ?? '|';
  const header = options.header ?? FEC_HEADER.split('|').join(separator);
  const text =
    [header, ...lines.map((l) => (typeof l === 'string' ? l : fecFields(l).join(separator)))].join(
      options.crlf ? '\r\n' : '\n',
    ) + (options.crlf ? '\r\n' : '\n');
  const bytes =
    options.encoding === 'iso-8859-15' ? iconv.encode(text, 'iso-8859-15') : Buffer.from(text, 'utf8');
  const path = join(mkdtempSync(join(tmpdir(), 'encours-fec-test-')), name);
  writeFileSync(path, options.bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes]) : bytes);
  return path;
}

/** Writes a terms file (customer_id,name,payment_terms). */
export function writeTerms(rows: [string, string][]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'encours-fec-terms-')), 'customers.csv');
  writeFileSync(
    path,
    ['customer_id,name,payment_terms', ...rows.map(([id, t]) => `${id},Client ${id},${t}`)].join('\n') + '\n',
  );
  return path;
}

/** A migrated in-memory warehouse with its models built. */
export async function openTestWarehouse(): Promise<Warehouse> {
  const db = await openDuckDb(':memory:');
  await prepareWarehouse(db, 'EUR');
  return db;
}

export function importTestFec(db: Warehouse, files: string[], options: FecImportOptions = {}) {
  return importFec(db, files, options, createSilentLog());
}

/** Counts of every raw, meta and core table the import touches, to show a refused import changed nothing. */
export async function countRows(db: Warehouse): Promise<Record<string, string>> {
  const tables = [
    'raw.fec_lines',
    'raw.fec_terms',
    'meta.loads',
    'meta.company_settings',
    'meta.fec_settings',
    'core.documents',
    'core.payments',
    'core.allocations',
  ];
  const [row] = await db.all<Record<string, string>>(
    `select ${tables.map((t) => `(select count(*) from ${t}) as "${t}"`).join(', ')}`,
  );
  return row!;
}
