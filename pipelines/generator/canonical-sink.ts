import { join } from 'node:path';
import { BufferedFile } from './buffered-file.js';
import type { Calendar } from './calendar.js';
import type { Allocation, Doc, LedgerSink, Payment } from './ledger.js';
import { formatCents } from './money.js';

const INVOICE_COLUMNS =
  'document_id,customer_id,type,issue_date,due_date,amount,currency,disputed,delivery,reference,company_id\n';
const PAYMENT_COLUMNS = 'payment_id,customer_id,date,amount,currency,method,company_id\n';
const ALLOCATION_COLUMNS = 'source_id,document_id,amount,date\n';

/** Writes the history as the canonical CSV folder (invoices, payments, allocations; DESIGN.md §3). */
export class CanonicalSink implements LedgerSink {
  private readonly invoices: BufferedFile;
  private readonly payments: BufferedFile;
  private readonly allocations: BufferedFile;

  constructor(
    outDir: string,
    private readonly calendar: Calendar,
    private readonly currencies: readonly string[],
    private readonly companyIds: readonly string[],
  ) {
    this.invoices = new BufferedFile(join(outDir, 'invoices.csv'));
    this.payments = new BufferedFile(join(outDir, 'payments.csv'));
    this.allocations = new BufferedFile(join(outDir, 'allocations.csv'));
    this.invoices.write(INVOICE_COLUMNS);
    this.payments.write(PAYMENT_COLUMNS);
    this.allocations.write(ALLOCATION_COLUMNS);
  }

  startYear(): void {}

  writeInvoice(doc: Doc): void {
    const c = doc.customer;
    const cal = this.calendar;
    this.invoices.write(
      `${doc.id},${c.id},${doc.kind},${cal.iso(doc.issueDay)},${cal.iso(doc.dueDay)},${formatCents(doc.amount)},` +
        `${this.currencies[c.currency]},${doc.disputed},${c.delivery},${doc.reference},${this.companyIds[doc.company]}\n`,
    );
  }

  writeCreditNote(note: Doc, target: Doc): void {
    this.writeInvoice(note);
    this.writeAllocation(note.id, target.id, note.amount, note.issueDay);
  }

  writePayment(payment: Payment, allocations: readonly Allocation[]): void {
    const c = payment.customer;
    this.payments.write(
      `${payment.id},${c.id},${this.calendar.iso(payment.day)},${formatCents(payment.amount)},` +
        `${this.currencies[c.currency]},${c.method},${this.companyIds[payment.company]}\n`,
    );
    for (const { doc, amount } of allocations) this.writeAllocation(payment.id, doc.id, amount, payment.day);
  }

  close(): string[] {
    for (const file of [this.invoices, this.payments, this.allocations]) file.close();
    return [this.invoices.path, this.payments.path, this.allocations.path];
  }

  private writeAllocation(sourceId: string, documentId: string, amount: number, day: number): void {
    this.allocations.write(`${sourceId},${documentId},${formatCents(amount)},${this.calendar.iso(day)}\n`);
  }
}
