import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { BufferedFile } from './buffered-file.js';
import type { Calendar } from './calendar.js';
import { writeDocEntry, writeOpeningEntry, writePaymentEntry, type EntryContext } from './fec-entries.js';
import { FEC_HEADER, FecLineWriter, type JournalCode } from './fec-format.js';
import type { FxTable } from './fx.js';
import type { Allocation, Doc, LedgerSink, OpenItem, Payment } from './ledger.js';

interface CompanyBooks {
  dir: string;
  siren: string;
  file: BufferedFile | null;
  out: FecLineWriter | null;
  numbers: Record<JournalCode, number>;
}

/**
 * Writes the history as FEC: per company a folder `<company_id>/` with one `<SIREN>FEC<YYYY>1231.txt` per
 * calendar year; each year after the first opens with detailed AN entries for the items still open.
 */
export class FecSink implements LedgerSink {
  private readonly books: CompanyBooks[];
  private readonly paths: string[] = [];
  private readonly ctx: EntryContext;

  constructor(
    outDir: string,
    calendar: Calendar,
    fx: FxTable,
    companyIds: readonly string[],
    sirens: string[],
  ) {
    this.ctx = { calendar, fx, yearEnd: -1 };
    this.books = companyIds.map((id, i) => {
      const dir = join(outDir, id);
      mkdirSync(dir, { recursive: true });
      return { dir, siren: sirens[i]!, file: null, out: null, numbers: { VT: 0, BQ: 0, AN: 0 } };
    });
  }

  startYear(year: number, day: number, openItems: ReadonlyArray<ReadonlySet<OpenItem>>): void {
    this.ctx.yearEnd = this.ctx.calendar.yearEnd(day);
    this.books.forEach((books, company) => {
      books.file?.close();
      const path = join(books.dir, `${books.siren}FEC${year}1231.txt`);
      books.file = new BufferedFile(path);
      books.out = new FecLineWriter(books.file);
      books.numbers = { VT: 0, BQ: 0, AN: 0 };
      this.paths.push(path);
      books.file.write(FEC_HEADER);
      for (const items of groupByCustomer(openItems[company]!)) {
        writeOpeningEntry(this.ctx, books.out, items, day, this.nextNumber(books, 'AN'));
      }
    });
  }

  writeInvoice(doc: Doc): void {
    const books = this.books[doc.company]!;
    writeDocEntry(this.ctx, books.out!, doc, this.nextNumber(books, 'VT'));
  }

  writeCreditNote(note: Doc): void {
    this.writeInvoice(note);
  }

  writePayment(payment: Payment, _allocations: readonly Allocation[]): void {
    const books = this.books[payment.company]!;
    writePaymentEntry(this.ctx, books.out!, payment, this.nextNumber(books, 'BQ'));
  }

  close(): string[] {
    for (const books of this.books) books.file?.close();
    return this.paths;
  }

  private nextNumber(books: CompanyBooks, journal: JournalCode): string {
    books.numbers[journal]++;
    return journal + String(books.numbers[journal]).padStart(6, '0');
  }
}

/** Open items per customer, customers in id order, each customer's items in date order. */
function groupByCustomer(items: ReadonlySet<OpenItem>): OpenItem[][] {
  const byCustomer = new Map<number, OpenItem[]>();
  for (const item of items) {
    const list = byCustomer.get(item.customer.index);
    if (list) list.push(item);
    else byCustomer.set(item.customer.index, [item]);
  }
  return [...byCustomer.entries()].sort((a, b) => a[0] - b[0]).map(([, list]) => list);
}
