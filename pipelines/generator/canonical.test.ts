import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTerms } from './terms.js';
import { daysBetween, generateInto, readCsv, toCents, type Row, removeTempDirs } from './test-support.js';

const OPTIONS = { customers: 150, invoices: 8000, seed: 11, companies: 3, currencies: ['EUR', 'USD', 'GBP'] };
let report: Awaited<ReturnType<typeof generateInto>>['report'];
let customers: Row[], documents: Row[], payments: Row[], allocations: Row[], rates: Row[];
const docById = new Map<string, Row>();
const paymentById = new Map<string, Row>();
const byDocument = new Map<string, Row[]>();
const bySource = new Map<string, Row[]>();

beforeAll(async () => {
  const generated = await generateInto('canonical', OPTIONS);
  report = generated.report;
  const read = (name: string) => readCsv(join(generated.outDir, name));
  [customers, documents, payments, allocations, rates] = [
    read('customers.csv'),
    read('invoices.csv'),
    read('payments.csv'),
    read('allocations.csv'),
    read('fx_rates.csv'),
  ];
  for (const d of documents) docById.set(d.document_id!, d);
  for (const p of payments) paymentById.set(p.payment_id!, p);
  for (const a of allocations) {
    byDocument.set(a.document_id!, [...(byDocument.get(a.document_id!) ?? []), a]);
    bySource.set(a.source_id!, [...(bySource.get(a.source_id!) ?? []), a]);
  }
});

const allocatedTo = (id: string) => byDocument.get(id) ?? [];
const allocatedFrom = (id: string) => bySource.get(id) ?? [];
const openAtEnd = (d: Row) =>
  toCents(d.amount!) - allocatedTo(d.document_id!).reduce((s, a) => s + toCents(a.amount!), 0);

afterAll(removeTempDirs);

describe('canonical ledger', () => {
  it('writes what it reports, with the contract columns', () => {
    const invoices = documents.filter((d) => d.type === 'invoice');
    expect(invoices).toHaveLength(8000);
    expect(documents.length - invoices.length).toBe(report.creditNotes);
    expect([payments.length, allocations.length, customers.length]).toEqual([
      report.payments,
      report.allocations,
      150,
    ]);
    expect(Object.keys(documents[0]!)).toEqual([
      'document_id',
      'customer_id',
      'type',
      'issue_date',
      'due_date',
      'amount',
      'currency',
      'disputed',
      'delivery',
      'reference',
      'company_id',
    ]);
    expect(Object.keys(payments[0]!)).toEqual([
      'payment_id',
      'customer_id',
      'date',
      'amount',
      'currency',
      'method',
      'company_id',
    ]);
    expect(Object.keys(allocations[0]!)).toEqual(['source_id', 'document_id', 'amount', 'date']);
  });

  it('keeps ids unique across companies and amounts positive with two decimals', () => {
    expect(docById.size).toBe(documents.length);
    expect(paymentById.size).toBe(payments.length);
    for (const row of [...documents, ...payments, ...allocations]) {
      expect(row.amount).toMatch(/^\d+\.\d{2}$/);
      expect(toCents(row.amount!)).toBeGreaterThan(0);
    }
    expect(documents[0]!.document_id).toMatch(/^C\d-INV-\d{6}$/);
  });

  it('dues every document by its customer terms', () => {
    const terms = new Map(customers.map((c) => [c.customer_id!, c.payment_terms!]));
    for (const d of documents) expect(d.due_date).toBe(addTerms(d.issue_date!, terms.get(d.customer_id!)!));
  });

  it('never over-allocates a document or a payment, and dates allocations after both sides', () => {
    const sums = new Map<string, number>();
    for (const a of allocations) {
      const doc = docById.get(a.document_id!)!;
      const source = paymentById.get(a.source_id!) ?? docById.get(a.source_id!)!;
      expect(doc.type).toBe('invoice');
      expect(a.date! >= doc.issue_date!).toBe(true);
      expect(a.date! >= (source.date ?? source.issue_date)!).toBe(true);
      expect(source.customer_id).toBe(doc.customer_id);
      expect(source.company_id).toBe(doc.company_id);
      for (const id of [a.document_id!, a.source_id!]) sums.set(id, (sums.get(id) ?? 0) + toCents(a.amount!));
    }
    for (const [id, sum] of sums)
      expect(sum).toBeLessThanOrEqual(toCents((docById.get(id) ?? paymentById.get(id))!.amount!));
  });

  it('issues about 3% credit notes, each allocated whole to the invoice it corrects', () => {
    const notes = documents.filter((d) => d.type === 'credit_note');
    expect(notes.length / 8000).toBeGreaterThan(0.015);
    expect(notes.length / 8000).toBeLessThan(0.05);
    for (const note of notes) {
      const [allocation, ...others] = allocatedFrom(note.document_id!);
      expect(others).toHaveLength(0);
      expect(allocation!.document_id).toBe(note.reference);
      expect(allocation!.amount).toBe(note.amount);
    }
  });

  it('has disputes, instalments, multi-invoice payments, cash on account and open items', () => {
    const invoices = documents.filter((d) => d.type === 'invoice');
    const byPayments = (d: Row) => allocatedTo(d.document_id!).filter((a) => paymentById.has(a.source_id!));
    const unapplied = payments.filter((p) => allocatedFrom(p.payment_id!).length === 0);
    const open = invoices.filter((d) => openAtEnd(d) > 0);
    expect(invoices.filter((d) => d.disputed === 'true').length).toBeGreaterThan(80);
    expect(invoices.filter((d) => byPayments(d).length >= 2).length).toBeGreaterThan(50);
    expect(payments.filter((p) => allocatedFrom(p.payment_id!).length >= 2).length).toBeGreaterThan(50);
    expect(unapplied.length).toBeGreaterThan(20);
    expect(open.filter((d) => d.due_date! >= '2025-12-01').length).toBeGreaterThan(100);
    expect(open.filter((d) => d.due_date! < '2025-06-30').length).toBeGreaterThan(10);
  });

  it('shares customers across companies, in several currencies with daily rates', () => {
    const companiesOf = new Map<string, Set<string>>();
    for (const d of documents)
      companiesOf.set(d.customer_id!, (companiesOf.get(d.customer_id!) ?? new Set()).add(d.company_id!));
    expect([...companiesOf.values()].filter((s) => s.size > 1).length).toBeGreaterThan(10);
    expect(new Set(documents.map((d) => d.company_id))).toEqual(new Set(['C1', 'C2', 'C3']));
    const currencyOf = new Map(customers.map((c) => [c.customer_id!, c.currency!]));
    for (const d of documents) expect(d.currency).toBe(currencyOf.get(d.customer_id!));
    expect(documents.filter((d) => d.currency === 'EUR').length / documents.length).toBeGreaterThan(0.6);
    const days = daysBetween('2023-01-01', '2025-12-31') + 1;
    for (const code of ['USD', 'GBP']) {
      const series = rates.filter((r) => r.currency === code);
      expect(series).toHaveLength(days);
      expect(series[0]!.date).toBe('2023-01-01');
      expect(Number(series[series.length - 1]!.rate)).toBeGreaterThan(0);
    }
  });
});
