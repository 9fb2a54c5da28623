import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEC_COLUMNS } from './fec-format.js';
import { rebuildFromFec } from './fec-reconstruct.js';
import {
  generateInto,
  listFecFiles,
  readCsv,
  readFec,
  toCents,
  type FecLine,
  type Row,
  removeTempDirs,
} from './test-support.js';

const OPTIONS = { customers: 120, invoices: 6000, seed: 5, companies: 2, currencies: ['EUR', 'USD'] };
let fecDir: string;
let canonicalDir: string;
const files: { path: string; header: string; lines: FecLine[] }[] = [];

beforeAll(async () => {
  fecDir = (await generateInto('fec', { ...OPTIONS, format: 'fec' })).outDir;
  canonicalDir = (await generateInto('fec-twin', OPTIONS)).outDir;
  for (const company of ['C1', 'C2']) {
    for (const path of listFecFiles(join(fecDir, company))) files.push({ path, ...readFec(path) });
  }
});

const sumBy = <T>(items: T[], key: (item: T) => string, value: (item: T) => number) => {
  const sums = new Map<string, number>();
  for (const item of items) sums.set(key(item), (sums.get(key(item)) ?? 0) + value(item));
  return sums;
};

afterAll(removeTempDirs);

describe('FEC ledger', () => {
  it('writes one <SIREN>FEC<YYYY>1231.txt per company and year, plus customers.csv', () => {
    for (const company of ['C1', 'C2']) {
      const names = readdirSync(join(fecDir, company)).sort();
      expect(names).toHaveLength(3);
      names.forEach((name, i) => expect(name).toMatch(new RegExp(`^\\d{9}FEC${2023 + i}1231\\.txt$`)));
    }
    expect(readCsv(join(fecDir, 'customers.csv'))[0]).toHaveProperty('payment_terms');
  });

  it('writes 18 pipe-separated fields in legal order, comma decimals, YYYYMMDD dates', () => {
    for (const file of files) {
      expect(file.header).toBe(FEC_COLUMNS.join('|'));
      expect(file.lines.filter((l) => l.fields !== 18)).toEqual([]);
      expect(file.lines.filter((l) => !/^\d{8}$/.test(l.date) || !/^\d{8}$/.test(l.pieceDate))).toEqual([]);
    }
  });

  it('balances every entry', () => {
    for (const file of files) {
      const unbalanced = [
        ...sumBy(
          file.lines,
          (l) => l.num,
          (l) => l.debit - l.credit,
        ),
      ].filter(([, s]) => s !== 0);
      expect(unbalanced, file.path).toEqual([]);
    }
  });

  it('balances every lettered group per customer (in the currency for foreign lines)', () => {
    for (const file of files) {
      const lettered = file.lines.filter((l) => l.letter !== '');
      expect(lettered.every((l) => l.account === '411000' && /^\d{8}$/.test(l.letterDate))).toBe(true);
      const signed = (l: FecLine) => (l.debit > 0 ? 1 : -1) * (l.foreign ?? l.debit + l.credit);
      const groups = sumBy(lettered, (l) => `${l.aux}/${l.letter}`, signed);
      expect(groups.size).toBeGreaterThan(100);
      expect(
        [...groups].filter(([, s]) => s !== 0),
        file.path,
      ).toEqual([]);
    }
  });

  it('opens each later year with detailed AN lines on 1 January that balance with 890000', () => {
    const [first, second] = files.filter((f) => f.path.includes('/C1/'));
    expect(first!.lines.some((l) => l.journal === 'AN')).toBe(false);
    const openings = second!.lines.filter((l) => l.journal === 'AN');
    expect(openings.length).toBeGreaterThan(50);
    expect(openings.every((l) => l.date === '20240101')).toBe(true);
    const receivable = openings.filter((l) => l.account === '411000');
    expect(receivable.every((l) => l.pieceDate < '20240101')).toBe(true);
    expect(receivable.some((l) => l.letter !== '')).toBe(true);
    expect(openings.some((l) => l.account === '890000')).toBe(true);
  });

  it('carries the same ledger as the canonical files (all but unlettered partial credits)', () => {
    const documents = readCsv(join(canonicalDir, 'invoices.csv'));
    const payments = readCsv(join(canonicalDir, 'payments.csv'));
    const allocations = readCsv(join(canonicalDir, 'allocations.csv'));
    const companyOf = new Map<string, string>([
      ...documents.map((d) => [d.document_id!, d.company_id!] as const),
      ...payments.map((p) => [p.payment_id!, p.company_id!] as const),
    ]);
    for (const company of ['C1', 'C2']) {
      const rebuilt = rebuildFromFec(join(fecDir, company), 'EUR');
      const mine = (rows: Row[], id: string) =>
        rows.filter((r) => r.company_id === company).map((r) => [r[id]!, r] as const);
      const docs = new Map(
        mine(documents, 'document_id').map(([id, d]) => [
          id,
          `${d.customer_id} ${d.type} ${d.issue_date} ${toCents(d.amount!)} ${d.currency}`,
        ]),
      );
      const pays = new Map(
        mine(payments, 'payment_id').map(([id, p]) => [
          id,
          `${p.customer_id} ${p.date} ${toCents(p.amount!)} ${p.currency}`,
        ]),
      );
      expect(rebuilt.documents).toEqual(docs);
      expect(rebuilt.payments).toEqual(pays);
      const expected = new Map(
        allocations
          .filter((a) => companyOf.get(a.source_id!) === company)
          .map((a) => [`${a.source_id}>${a.document_id}`, `${toCents(a.amount!)} ${a.date}`]),
      );
      for (const [key, value] of rebuilt.allocations) expect(expected.get(key), key).toBe(value);
      const missing = [...expected.keys()].filter((key) => !rebuilt.allocations.has(key));
      expect(missing.filter((key) => rebuilt.letteredSources.has(key.split('>')[0]!))).toEqual([]);
      expect(missing.length / expected.size).toBeLessThan(0.05);
    }
  });
});
