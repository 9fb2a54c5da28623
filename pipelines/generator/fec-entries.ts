import type { Calendar } from './calendar.js';
import { ACCOUNTS, type FecLineWriter } from './fec-format.js';
import type { FxTable } from './fx.js';
import type { Customer, Doc, LetterGroup, OpenItem, Payment } from './ledger.js';
import { convertCents } from './money.js';

const VAT_RATE = 0.2;
const NO_AUX = '|';

/** What entries need to know: dates, rates, and the end of the fiscal year being written (for lettering). */
export interface EntryContext {
  calendar: Calendar;
  fx: FxTable;
  yearEnd: number;
}

/** Invoice: 411 debit / 706 credit (+ 445710 VAT for French customers). Credit note: the same, reversed. */
export function writeDocEntry(ctx: EntryContext, out: FecLineWriter, doc: Doc, num: string): void {
  const c = doc.customer;
  const date = beginEntry(ctx, out, 'VT', num, doc.issueDay, c);
  const total = toCompanyCents(ctx, c, doc.amount, doc.issueDay);
  const side = doc.kind === 'invoice' ? 1 : -1;
  out.setPiece(doc.id, date, `${doc.kind === 'invoice' ? 'Facture' : 'Avoir'} ${doc.id}`);
  writeCustomerLine(ctx, out, c, side * total, doc.group, doc.amount);
  const net = c.currency === 0 && c.country === 'FR' ? Math.round(total / (1 + VAT_RATE)) : total;
  out.writeLine(ACCOUNTS.sales, NO_AUX, -side * net, '', '', doc.amount);
  if (net !== total) out.writeLine(ACCOUNTS.vat, NO_AUX, -side * (total - net), '', '', 0);
}

/** Payment: 512 debit / 411 credit, PieceRef = payment id, dated by the payment. */
export function writePaymentEntry(
  ctx: EntryContext,
  out: FecLineWriter,
  payment: Payment,
  num: string,
): void {
  const c = payment.customer;
  const date = beginEntry(ctx, out, 'BQ', num, payment.day, c);
  const total = toCompanyCents(ctx, c, payment.amount, payment.day);
  out.setPiece(payment.id, date, `Règlement ${payment.id}`);
  out.writeLine(ACCOUNTS.bank, NO_AUX, total, '', '', payment.amount);
  writeCustomerLine(ctx, out, c, -total, payment.group, payment.amount);
}

/**
 * Detailed opening of one customer on 1 January: one 411 line per open item (original PieceRef and PieceDate,
 * its open amount, its lettering code when it is settled within the year) and one 890000 line for the net.
 */
export function writeOpeningEntry(
  ctx: EntryContext,
  out: FecLineWriter,
  items: readonly OpenItem[],
  day: number,
  num: string,
): void {
  const c = items[0]!.customer;
  const date = beginEntry(ctx, out, 'AN', num, day, c);
  let net = 0;
  let netForeign = 0;
  for (const item of items) {
    const itemDay = item.kind === 'payment' ? item.day : item.issueDay;
    const sign = item.kind === 'payment' ? -1 : 1;
    const cents = sign * toCompanyCents(ctx, c, item.open, itemDay);
    net += cents;
    netForeign += sign * item.open;
    out.setPiece(item.id, ctx.calendar.fec(itemDay), `A nouveau ${item.id}`);
    writeCustomerLine(ctx, out, c, cents, item.group, item.open);
  }
  if (net === 0) return;
  out.setPiece(`AN${ctx.calendar.yearOf(day)}`, date, `A nouveau ${c.id}`);
  out.writeLine(ACCOUNTS.opening, NO_AUX, -net, '', '', Math.abs(netForeign));
}

function beginEntry(
  ctx: EntryContext,
  out: FecLineWriter,
  journal: 'VT' | 'BQ' | 'AN',
  num: string,
  day: number,
  c: Customer,
): string {
  const date = ctx.calendar.fec(day);
  out.begin(journal, num, date, c.currency === 0 ? '' : ctx.fx.currencies[c.currency]!);
  return date;
}

/** The 411 line; lettered only if its group balances by this fiscal year's end. */
function writeCustomerLine(
  ctx: EntryContext,
  out: FecLineWriter,
  c: Customer,
  signed: number,
  group: LetterGroup | null,
  foreign: number,
): void {
  const aux = `${c.id}|${c.name}`;
  if (!group || group.settleDay > ctx.yearEnd)
    out.writeLine(ACCOUNTS.receivable, aux, signed, '', '', foreign);
  else
    out.writeLine(ACCOUNTS.receivable, aux, signed, group.letter, ctx.calendar.fec(group.settleDay), foreign);
}

function toCompanyCents(ctx: EntryContext, c: Customer, cents: number, day: number): number {
  return c.currency === 0 ? cents : convertCents(cents, ctx.fx.rates[c.currency]![day]!);
}
