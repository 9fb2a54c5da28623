import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYER_TYPES } from './payer-types.js';
import { daysBetween, generateInto, readCsv, type Row, removeTempDirs } from './test-support.js';

/** Days from due date to full settlement by payments, for undisputed invoices never credited. */
interface Settled {
  customer: string;
  issueDate: string;
  delay: number;
}

let truth: Map<string, Row>;
let settled: Settled[];
let documents: Row[];

beforeAll(async () => {
  const { outDir } = await generateInto('distributions', { customers: 400, invoices: 40_000, seed: 3 });
  documents = readCsv(join(outDir, 'invoices.csv'));
  const allocations = readCsv(join(outDir, 'allocations.csv'));
  truth = new Map(readCsv(join(outDir, 'truth', 'payers.csv')).map((r) => [r.customer_id!, r]));
  const lastPayment = new Map<string, { date: string; cents: number; credited: boolean }>();
  for (const a of allocations) {
    const seen = lastPayment.get(a.document_id!) ?? { date: '', cents: 0, credited: false };
    const cents = Math.round(Number(a.amount) * 100);
    lastPayment.set(a.document_id!, {
      date: a.date! > seen.date ? a.date! : seen.date,
      cents: seen.cents + cents,
      credited: seen.credited || a.source_id!.includes('-CN-'),
    });
  }
  settled = documents
    .filter((d) => d.type === 'invoice' && d.disputed === 'false')
    .flatMap((d) => {
      const paid = lastPayment.get(d.document_id!);
      if (!paid || paid.credited || paid.cents !== Math.round(Number(d.amount) * 100)) return [];
      return [
        { customer: d.customer_id!, issueDate: d.issue_date!, delay: daysBetween(d.due_date!, paid.date) },
      ];
    });
});

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
const delaysOf = (filter: (s: Settled, t: Row) => boolean) =>
  settled.filter((s) => filter(s, truth.get(s.customer)!)).map((s) => s.delay);

afterAll(removeTempDirs);

describe('behaviour', () => {
  it('gives payer types distinct mean delays, from early to chronic late', () => {
    const ordered = ['early', 'on_time', 'slightly_late', 'late', 'chronic_late'];
    const means = ordered.map((type) =>
      mean(delaysOf((_, t) => t.payer_type === type && t.drift === 'stable')),
    );
    for (let i = 1; i < means.length; i++) expect(means[i]! - means[i - 1]!, ordered[i]).toBeGreaterThan(4);
    expect(means[0]).toBeLessThan(0);
    expect(means[4]).toBeGreaterThan(40);
    expect(new Set(readCsvTypes())).toEqual(new Set(PAYER_TYPES));
  });

  it('drifts: deteriorating payers pay later at the end, improving ones earlier', () => {
    const early = (s: Settled) => s.issueDate < '2023-10-01';
    const late = (s: Settled) => s.issueDate >= '2025-04-01';
    const shift = (drift: string) =>
      mean(delaysOf((s, t) => t.drift === drift && t.is_new === 'false' && late(s))) -
      mean(delaysOf((s, t) => t.drift === drift && t.is_new === 'false' && early(s)));
    expect(shift('deteriorating')).toBeGreaterThan(10);
    expect(shift('improving')).toBeLessThan(-4);
    expect(Math.abs(shift('stable'))).toBeLessThan(6);
  });

  it('has seasonal volumes: fewer invoices per working day in August than in the rest of the year', () => {
    const perDay = (month: string) => {
      const issued = documents.filter((d) => d.type === 'invoice' && d.issue_date!.slice(5, 7) === month);
      return issued.length / new Set(issued.map((d) => d.issue_date)).size;
    };
    expect(perDay('08') / perDay('10')).toBeLessThan(0.7);
  });

  it('adds customers that join late', () => {
    const joined = [...truth.values()].filter((t) => t.is_new === 'true');
    expect(joined.length).toBeGreaterThan(20);
    for (const t of joined.slice(0, 10)) {
      const first = documents.find((d) => d.customer_id === t.customer_id);
      if (first) expect(first.issue_date! >= t.first_day!).toBe(true);
    }
  });
});

function readCsvTypes(): string[] {
  return [...truth.values()].map((t) => t.payer_type!);
}
