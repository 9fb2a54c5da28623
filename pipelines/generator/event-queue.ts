import type { Customer, Doc, LetterGroup } from './ledger.js';

/** A customer's payment run: the invoices it settles together with one payment. */
export interface Batch {
  key: number;
  docs: Doc[];
  group: LetterGroup;
}

/** Something planned to happen on a later day; the simulation applies it when that day comes. */
export type LedgerEvent =
  | { kind: 'pay'; doc: Doc; amount: number }
  | { kind: 'credit'; doc: Doc; amount: number }
  | { kind: 'batch'; batch: Batch }
  | { kind: 'on_account'; customer: Customer; company: number; amount: number };

/**
 * Planned events bucketed by day, open payment runs, and the lettering codes handed out per customer and
 * company. Events after the last day never happen: their documents stay open at the end date.
 */
export class EventQueue {
  private readonly buckets: (LedgerEvent[] | undefined)[];
  private readonly batches = new Map<number, Batch>();
  private readonly lettersUsed: Int32Array;

  constructor(
    private readonly lastDay: number,
    private readonly companyCount: number,
    customerCount: number,
  ) {
    this.buckets = new Array<LedgerEvent[] | undefined>(lastDay + 1);
    this.lettersUsed = new Int32Array(customerCount * companyCount);
  }

  schedule(day: number, event: LedgerEvent): void {
    if (day > this.lastDay) return;
    const bucket = this.buckets[day];
    if (bucket) bucket.push(event);
    else this.buckets[day] = [event];
  }

  /** The day's events, in the order they were planned; the bucket is released. */
  takeDay(day: number): LedgerEvent[] {
    const events = this.buckets[day] ?? [];
    this.buckets[day] = undefined;
    return events;
  }

  /** A new lettering group settling on `settleDay`, or null when that is after the last day (stays open). */
  createGroup(customer: Customer, company: number, settleDay: number): LetterGroup | null {
    if (settleDay > this.lastDay) return null;
    const slot = customer.index * this.companyCount + company;
    const letter = formatLetter(this.lettersUsed[slot]!);
    this.lettersUsed[slot] = this.lettersUsed[slot]! + 1;
    return { letter, settleDay };
  }

  /** Adds an invoice to its customer's payment run of `day` (one payment, one lettering group for all). */
  joinBatch(doc: Doc, day: number): void {
    if (day > this.lastDay) return;
    const key = (doc.customer.index * this.companyCount + doc.company) * (this.lastDay + 1) + day;
    let batch = this.batches.get(key);
    if (!batch) {
      batch = { key, docs: [], group: this.createGroup(doc.customer, doc.company, day)! };
      this.batches.set(key, batch);
      this.schedule(day, { kind: 'batch', batch });
    }
    batch.docs.push(doc);
    doc.group = batch.group;
  }

  closeBatch(batch: Batch): void {
    this.batches.delete(batch.key);
  }
}

/** Lettering codes per customer: AA … ZZ, then AAA … ZZZ, and so on (bijective base 26 from two letters). */
export function formatLetter(index: number): string {
  let length = 2;
  let span = 26 * 26;
  let rest = index;
  while (rest >= span) {
    rest -= span;
    length++;
    span *= 26;
  }
  let code = '';
  for (let i = 0; i < length; i++) {
    code = String.fromCharCode(65 + (rest % 26)) + code;
    rest = Math.floor(rest / 26);
  }
  return code;
}
