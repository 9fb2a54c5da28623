import type { Calendar } from './calendar.js';
import { EventQueue, type LedgerEvent } from './event-queue.js';
import type { Allocation, Customer, Doc, LedgerSink, OpenItem, Payment } from './ledger.js';
import { PAYER_PROFILES } from './payer-types.js';
import { planInvoice } from './planner.js';
import type { Rng } from './random.js';
import { computeDailyCounts, CustomerPicker } from './volume.js';

export interface SimulationInput {
  rng: Rng;
  calendar: Calendar;
  customers: readonly Customer[];
  companyIds: readonly string[];
  invoices: number;
  onProgress: (done: number, total: number) => void;
}

export interface SimulationCounts {
  invoices: number;
  creditNotes: number;
  payments: number;
  allocations: number;
}

const PROGRESS_EVERY = 20_000;

/**
 * Walks the calendar day by day: issues that day's invoices (planning each one's fate), then applies the
 * payments and credit notes planned for that day. Everything reaches the sink in date order; memory holds only
 * what is still open or planned.
 */
export async function simulateLedger(input: SimulationInput, sink: LedgerSink): Promise<SimulationCounts> {
  const { rng, calendar, customers, companyIds } = input;
  const dailyCounts = computeDailyCounts(calendar, input.invoices);
  const picker = new CustomerPicker(customers);
  const queue = new EventQueue(calendar.lastDay, companyIds.length, customers.length);
  const openItems = companyIds.map(() => new Set<OpenItem>());
  const sequences = companyIds.map(() => ({ invoice: 0, note: 0, payment: 0 }));
  const counts: SimulationCounts = { invoices: 0, creditNotes: 0, payments: 0, allocations: 0 };
  let nextProgress = PROGRESS_EVERY;

  const formatId = (company: number, kind: string, n: number) =>
    `${companyIds[company]}-${kind}-${String(n).padStart(6, '0')}`;

  const dueDayOf = (customer: Customer, day: number) =>
    (customer.parsedTerms.endOfMonth ? calendar.endOfMonth(day) : day) + customer.parsedTerms.days;

  const issueInvoice = (day: number) => {
    const customer = picker.pick(rng, day);
    const choices = customer.companies;
    const company = choices.length === 1 || rng.chance(0.6) ? choices[0]! : rng.pick(choices);
    const amount = Math.max(2000, Math.round(customer.medianCents * rng.logNormal(0, customer.amountSigma)));
    const doc: Doc = {
      kind: 'invoice',
      id: formatId(company, 'INV', ++sequences[company]!.invoice),
      customer,
      company,
      issueDay: day,
      dueDay: dueDayOf(customer, day),
      amount,
      open: amount,
      disputed: false,
      reference: rng.chance(0.5) ? `PO-${rng.int(100_000, 999_999)}` : '',
      group: null,
    };
    planInvoice(rng, calendar, queue, doc);
    if (rng.chance(PAYER_PROFILES[customer.type].pOnAccount)) {
      const onAccount = Math.max(100, Math.round((amount * rng.uniform(0.2, 1)) / 100) * 100);
      const payDay = calendar.nextBusinessDay(day + rng.int(0, 45));
      queue.schedule(payDay, { kind: 'on_account', customer, company, amount: onAccount });
    }
    sink.writeInvoice(doc);
    openItems[company]!.add(doc);
    counts.invoices++;
  };

  const recordPayment = (
    customer: Customer,
    company: number,
    day: number,
    amount: number,
    allocations: Allocation[],
  ) => {
    const allocated = allocations.reduce((sum, a) => sum + a.amount, 0);
    const payment: Payment = {
      kind: 'payment',
      id: formatId(company, 'PAY', ++sequences[company]!.payment),
      customer,
      company,
      day,
      amount,
      open: amount - allocated,
      group: allocations[0]?.doc.group ?? null,
    };
    for (const { doc, amount: part } of allocations) settleDoc(doc, part);
    if (payment.open > 0) openItems[company]!.add(payment);
    sink.writePayment(payment, allocations);
    counts.payments++;
    counts.allocations += allocations.length;
  };

  const settleDoc = (doc: Doc, amount: number) => {
    doc.open -= amount;
    if (doc.open === 0) openItems[doc.company]!.delete(doc);
  };

  const applyEvent = (event: LedgerEvent, day: number) => {
    if (event.kind === 'pay') {
      recordPayment(event.doc.customer, event.doc.company, day, event.amount, [
        { doc: event.doc, amount: event.amount },
      ]);
    } else if (event.kind === 'batch') {
      const allocations = event.batch.docs.map((doc) => ({ doc, amount: doc.open }));
      const total = allocations.reduce((sum, a) => sum + a.amount, 0);
      recordPayment(event.batch.docs[0]!.customer, event.batch.docs[0]!.company, day, total, allocations);
      queue.closeBatch(event.batch);
    } else if (event.kind === 'on_account') {
      recordPayment(event.customer, event.company, day, event.amount, []);
    } else {
      const target = event.doc;
      const note: Doc = {
        ...target,
        kind: 'credit_note',
        id: formatId(target.company, 'CN', ++sequences[target.company]!.note),
        issueDay: day,
        dueDay: dueDayOf(target.customer, day),
        amount: event.amount,
        open: 0,
        disputed: false,
        reference: target.id,
      };
      settleDoc(target, event.amount);
      sink.writeCreditNote(note, target);
      counts.creditNotes++;
      counts.allocations++;
    }
  };

  for (let day = 0; day <= calendar.lastDay; day++) {
    if (day === 0 || calendar.isYearStart(day)) sink.startYear(calendar.yearOf(day), day, openItems);
    for (let n = dailyCounts[day]!; n > 0; n--) issueInvoice(day);
    for (const event of queue.takeDay(day)) applyEvent(event, day);
    if (counts.invoices >= nextProgress) {
      nextProgress = counts.invoices + PROGRESS_EVERY;
      input.onProgress(counts.invoices, input.invoices);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  input.onProgress(counts.invoices, input.invoices);
  return counts;
}
