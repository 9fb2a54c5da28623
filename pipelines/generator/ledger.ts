import type { DriftKind, PayerType } from './payer-types.js';
import type { Terms } from './terms.js';

/** One customer: its public record (customers.csv) and the hidden behaviour that drives its history. */
export interface Customer {
  index: number;
  id: string;
  name: string;
  country: string;
  /** Index into the currencies list (0 = reporting currency). */
  currency: number;
  segment: string;
  terms: string;
  parsedTerms: Terms;
  creditLimitCents: number;
  email: string;
  phone: string;
  owner: string;
  agency: string;
  groupId: string;
  method: string;
  delivery: string;
  type: PayerType;
  drift: DriftKind;
  driftDays: number;
  /** First and last day (calendar day numbers) on which it buys. */
  joinDay: number;
  leaveDay: number;
  isNew: boolean;
  /** Relative share of the invoice volume. */
  weight: number;
  /** Median invoice amount in its own currency (cents) and the spread of log amounts. */
  medianCents: number;
  amountSigma: number;
  /** Company indexes it buys from; the first is its main one. */
  companies: number[];
  /** Payment runs: 0 = pays invoice by invoice; 1–5 = every Monday…Friday; 101–128 = monthly on that day − 100. */
  paymentRun: number;
}

/** A lettering group: the lines that one settlement matches; `settleDay` is when it balances to zero. */
export interface LetterGroup {
  letter: string;
  settleDay: number;
}

export interface Doc {
  kind: 'invoice' | 'credit_note';
  id: string;
  customer: Customer;
  company: number;
  issueDay: number;
  dueDay: number;
  amount: number;
  /** Amount not yet settled by allocations (cents). */
  open: number;
  disputed: boolean;
  reference: string;
  group: LetterGroup | null;
}

export interface Payment {
  kind: 'payment';
  id: string;
  customer: Customer;
  company: number;
  day: number;
  amount: number;
  /** Part of the payment no allocation uses (cash on account). */
  open: number;
  group: LetterGroup | null;
}

export interface Allocation {
  doc: Doc;
  amount: number;
}

/** What is still open on a company's books: invoices with an open amount, unapplied payments. */
export type OpenItem = Doc | Payment;

/** Where the simulated history goes: the canonical CSV writer or the FEC writer. */
export interface LedgerSink {
  /** Called on the first day and on every 1 January, before that day's entries, with each company's open items. */
  startYear(year: number, day: number, openItems: ReadonlyArray<ReadonlySet<OpenItem>>): void;
  writeInvoice(doc: Doc): void;
  /** A credit note, allocated whole to `target` on its own issue day. */
  writeCreditNote(note: Doc, target: Doc): void;
  writePayment(payment: Payment, allocations: readonly Allocation[]): void;
  close(): string[];
}
