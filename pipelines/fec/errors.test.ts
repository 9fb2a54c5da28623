import { writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../lib/errors.js';
import type { Warehouse } from '../../warehouse/db.js';
import {
  countRows,
  FEC_HEADER,
  importTestFec,
  invoice,
  openTestWarehouse,
  payment,
  writeFec,
  writeTerms,
} from './testing.js';

/** Imports, expects an InputError naming file, line and column, and checks the warehouse did not change. */
async function expectRefused(
  db: Warehouse,
  files: string[],
  where: { line?: number; column?: string },
  reason: RegExp,
) {
  const before = await countRows(db);
  const error = await importTestFec(db, files).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  const input = error as InputError;
  expect(input.location.file).toBe(files.at(-1));
  expect(input.location).toMatchObject(where);
  expect(input.reason).toMatch(reason);
  expect(await countRows(db)).toEqual(before);
  return input;
}

describe('FEC files refused whole', () => {
  let db: Warehouse;
  beforeEach(async () => {
    db = await openTestWarehouse();
    await importTestFec(db, [
      writeFec('111111111FEC20241231.txt', invoice('1', '20240110', 'C1', 'F0', '10,00')),
    ]);
  });
  afterEach(() => db.close());

  it('refuses an entry that does not balance, naming it and the difference', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      { journal: 'VT', num: '2', date: '20250111', aux: 'C1', ref: 'F2', debit: '100,00' },
      { journal: 'VT', num: '2', date: '20250111', account: '706000', ref: 'F2', credit: '90,00' },
    ];
    const error = await expectRefused(
      db,
      [writeFec('t.txt', lines)],
      { line: 4, column: 'EcritureNum' },
      /entry 2 of journal VT does not balance/,
    );
    expect(error.reason).toMatch(/debit 100.00, credit 90.00, difference 10.00/);
  });

  it('refuses a line with the wrong number of fields', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      'VT|Ventes|2|20250111|411000|Clients|C1',
    ];
    await expectRefused(db, [writeFec('t.txt', lines)], { line: 4 }, /7 fields where the header has 18/);
  });

  it('refuses undecodable bytes (NUL) with their line and column', async () => {
    const path = writeFec('t.txt', invoice('1', '20250110', 'C1', 'F1', '100,00', { label: 'AB' }));
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path);
    bytes[bytes.indexOf('AB')] = 0;
    writeFileSync(path, bytes);
    await expectRefused(
      db,
      [path],
      { line: 2, column: 'EcritureLib' },
      /undecodable text: a control byte \(0x00\)/,
    );
  });

  it('refuses bytes that neither UTF-8 nor ISO-8859-15/Windows-1252 can decode', async () => {
    const path = writeFec('t.txt', invoice('1', '20250110', 'C1', 'F1', '100,00', { label: 'AB' }));
    const { readFileSync } = await import('node:fs');
    const bytes = readFileSync(path);
    bytes[bytes.indexOf('AB') + 1] = 0x81;
    writeFileSync(path, bytes);
    await expectRefused(db, [path], { line: 2, column: 'EcritureLib' }, /neither UTF-8 nor ISO-8859-15/);
  });

  it('refuses a UTF-16 file', async () => {
    const path = writeFec('t.txt', []);
    writeFileSync(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FEC_HEADER, 'utf16le')]));
    await expectRefused(db, [path], { line: 1 }, /UTF-16/);
  });

  it('refuses a file that is not a FEC (missing mandatory columns)', async () => {
    const path = writeFec('t.txt', ['a;b;c'], { header: 'date|compte|montant' });
    await expectRefused(db, [path], { line: 1 }, /not a FEC: missing column\(s\) JournalCode, JournalLib/);
  });

  it('refuses an empty file', async () => {
    const path = writeFec('t.txt', []);
    writeFileSync(path, '');
    await expectRefused(db, [path], { line: 1 }, /not a FEC: the file is empty/);
  });

  it('refuses an impossible date', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      ...payment('2', '20250230', 'C1', 'P1', '10,00'),
    ];
    await expectRefused(
      db,
      [writeFec('t.txt', lines)],
      { line: 4, column: 'EcritureDate' },
      /"20250230" is not a real calendar date/,
    );
  });

  it('refuses a non-numeric amount', async () => {
    const lines = [
      ...invoice('1', '20250110', 'C1', 'F1', '100,00'),
      ...payment('2', '20250120', 'C1', 'P1', '1O,00'),
    ];
    await expectRefused(
      db,
      [writeFec('t.txt', lines)],
      { line: 4, column: 'Credit' },
      /"1O,00" is not an amount/,
    );
  });

  it('refuses a bad Sens in the Montant + Sens variant', async () => {
    const header = FEC_HEADER.replace('Debit|Credit', 'Montant|Sens');
    const path = writeFec(
      't.txt',
      ['VT|Ventes|1|20250110|411000|Clients|C1|X|F1|20250110|Facture|100,00|X|||20250110||'],
      { header },
    );
    await expectRefused(db, [path], { line: 2, column: 'Sens' }, /Sens must be D \(debit\) or C \(credit\)/);
  });

  it('refuses everything when the second of two files is bad', async () => {
    const good = writeFec('222222222FEC20251231.txt', invoice('1', '20250110', 'C1', 'F1', '100,00'));
    const bad = writeFec('333333333FEC20251231.txt', [
      { journal: 'VT', num: '1', date: '20250110', aux: 'C1', ref: 'F1', debit: '5,00' },
    ]);
    await expectRefused(db, [good, bad], { line: 2 }, /does not balance/);
  });

  it('refuses a terms file with bad payment terms', async () => {
    const before = await countRows(db);
    const terms = writeTerms([
      ['C1', '30'],
      ['C2', 'net 30'],
    ]);
    const path = writeFec('t.txt', invoice('1', '20250110', 'C1', 'F1', '100,00'));
    await expect(importTestFec(db, [path], { termsFile: terms })).rejects.toMatchObject({
      location: { file: terms, line: 3, column: 'payment_terms' },
      reason: expect.stringMatching(/"net 30" is not a payment term/),
    });
    expect(await countRows(db)).toEqual(before);
  });

  it('refuses a file that does not exist', async () => {
    await expect(importTestFec(db, ['/nonexistent/123456789FEC20251231.txt'])).rejects.toThrow(
      /no such file/,
    );
  });
});
