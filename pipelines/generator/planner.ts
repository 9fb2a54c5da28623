import { weekdayOf, type Calendar } from './calendar.js';
import type { EventQueue } from './event-queue.js';
import type { Doc } from './ledger.js';
import { PAYER_PROFILES, type PayerProfile } from './payer-types.js';
import type { Rng } from './random.js';

interface Step {
  day: number;
  kind: 'pay' | 'credit';
  amount: number;
}

/**
 * Decides an invoice's whole fate on the day it is issued (so its lettering is known when its line is written):
 * never paid, disputed, credited, paid in two instalments, paid in a payment run, or paid on its own.
 */
export function planInvoice(rng: Rng, calendar: Calendar, queue: EventQueue, doc: Doc): void {
  const profile = PAYER_PROFILES[doc.customer.type];
  const target = drawSettlementDay(rng, calendar, doc, profile);
  const r = rng.next();
  let threshold = profile.pNeverPaid;
  if (r < threshold) return;
  if (r < (threshold += profile.pDispute)) return planDispute(rng, calendar, queue, doc, target);
  if (r < (threshold += profile.pCreditNote)) return planCreditNote(rng, calendar, queue, doc, target);
  if (r < (threshold += profile.pInstalments)) {
    const first = drawPart(rng, doc.amount, 0.3, 0.7);
    const second = calendar.nextBusinessDay(target + rng.int(15, 75));
    return settle(queue, doc, [
      { day: target, kind: 'pay', amount: first },
      { day: second, kind: 'pay', amount: doc.amount - first },
    ]);
  }
  const run = doc.customer.paymentRun;
  if (run !== 0) return queue.joinBatch(doc, snapToPaymentRun(calendar, run, target, doc.issueDay));
  settle(queue, doc, [{ day: target, kind: 'pay', amount: doc.amount }]);
}

/** Due date + the payer type's delay, drifting over the customer's life, slowed in August and at Christmas. */
function drawSettlementDay(rng: Rng, calendar: Calendar, doc: Doc, profile: PayerProfile): number {
  const c = doc.customer;
  const progress = Math.min(1, Math.max(0, (doc.issueDay - c.joinDay) / Math.max(1, c.leaveDay - c.joinDay)));
  const mean = profile.meanDelay + c.driftDays * progress;
  let day = Math.max(
    doc.issueDay,
    doc.dueDay + Math.round(mean + profile.sdDelay * rng.skewed(profile.skew)),
  );
  if (day <= calendar.lastDay) {
    const month = calendar.month[day]!;
    if (month === 8) day += rng.int(0, 10);
    else if (month === 12 && calendar.dayOfMonth[day]! >= 20 && rng.chance(0.5)) day += rng.int(5, 14);
  }
  return calendar.nextBusinessDay(day);
}

/** Disputed: either paid in full once resolved (late), or partly credited and the rest paid. */
function planDispute(rng: Rng, calendar: Calendar, queue: EventQueue, doc: Doc, target: number): void {
  doc.disputed = true;
  const resolution = calendar.nextBusinessDay(Math.max(target, doc.dueDay + rng.int(20, 120)));
  if (!rng.chance(0.5)) return settle(queue, doc, [{ day: resolution, kind: 'pay', amount: doc.amount }]);
  const credit = drawPart(rng, doc.amount, 0.1, 0.5);
  settle(queue, doc, [
    { day: resolution, kind: 'credit', amount: credit },
    { day: calendar.nextBusinessDay(resolution + rng.int(0, 20)), kind: 'pay', amount: doc.amount - credit },
  ]);
}

/** A credit note correcting the invoice: cancels it whole, or reduces it and the rest is paid. */
function planCreditNote(rng: Rng, calendar: Calendar, queue: EventQueue, doc: Doc, target: number): void {
  const noteDay = calendar.nextBusinessDay(doc.issueDay + rng.int(1, 30));
  if (rng.chance(0.35)) return settle(queue, doc, [{ day: noteDay, kind: 'credit', amount: doc.amount }]);
  const credit = drawPart(rng, doc.amount, 0.05, 0.3);
  settle(queue, doc, [
    { day: noteDay, kind: 'credit', amount: credit },
    { day: Math.max(target, noteDay), kind: 'pay', amount: doc.amount - credit },
  ]);
}

/** Schedules the steps (in day order, summing to the amount) and letters them if they finish in time. */
function settle(queue: EventQueue, doc: Doc, steps: Step[]): void {
  doc.group = queue.createGroup(doc.customer, doc.company, steps[steps.length - 1]!.day);
  for (const step of steps) queue.schedule(step.day, { kind: step.kind, doc, amount: step.amount });
}

/** A share of an amount in whole currency units, leaving at least one unit on each side. */
function drawPart(rng: Rng, amount: number, min: number, max: number): number {
  const part = Math.round((amount * rng.uniform(min, max)) / 100) * 100;
  return Math.min(amount - 100, Math.max(100, part));
}

/**
 * The payment-run day nearest to `day` (not before `earliest`): a weekday (1–5) or a day of the month
 * (101–128). Runs move payments both ways, so they keep the payer's mean delay.
 */
function snapToPaymentRun(calendar: Calendar, run: number, day: number, earliest: number): number {
  if (day > calendar.lastDay) return day;
  if (run < 100) {
    const offset = (run - weekdayOf(calendar.startEpoch + day) + 7) % 7;
    return offset > 3 && day + offset - 7 >= earliest ? day + offset - 7 : day + offset;
  }
  let next = day;
  while (next <= calendar.lastDay && calendar.dayOfMonth[next] !== run - 100) next++;
  let previous = day;
  while (previous >= earliest && calendar.dayOfMonth[previous] !== run - 100) previous--;
  const usePrevious = previous >= earliest && day - previous < next - day;
  return calendar.nextBusinessDay(usePrevious ? previous : next);
}
