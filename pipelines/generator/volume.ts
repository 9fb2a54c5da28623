import type { Calendar } from './calendar.js';
import type { Customer } from './ledger.js';
import type { Rng } from './random.js';

/** Relative invoicing volume by month: a summer dip, a pre-Christmas peak. */
const MONTH_SEASONALITY = [0.9, 0.95, 1.1, 1, 1, 1.1, 0.9, 0.55, 1.1, 1.1, 1.1, 1.25];
const YEARLY_GROWTH = 0.08;

/**
 * Invoices issued on each day: weekdays only, seasonal, growing; the counts add up to exactly `total`
 * (cumulative rounding keeps each day within one invoice of its share).
 */
export function computeDailyCounts(calendar: Calendar, total: number): Int32Array {
  const days = calendar.lastDay + 1;
  const weights = new Float64Array(days);
  let sum = 0;
  for (let day = 0; day < days; day++) {
    if (!calendar.isWeekday(day)) continue;
    const month = calendar.month[day]!;
    const holiday = month === 12 && calendar.dayOfMonth[day]! >= 24 ? 0.4 : 1;
    weights[day] = MONTH_SEASONALITY[month - 1]! * holiday * (1 + (YEARLY_GROWTH * day) / 365);
    sum += weights[day]!;
  }
  if (sum === 0) {
    weights.fill(1);
    sum = days;
  }
  const counts = new Int32Array(days);
  let cumulative = 0;
  let issued = 0;
  for (let day = 0; day < days; day++) {
    cumulative += weights[day]!;
    const target = day === days - 1 ? total : Math.round((total * cumulative) / sum);
    counts[day] = target - issued;
    issued = target;
  }
  return counts;
}

/** Draws the customer of each invoice in proportion to its weight, among those active that day (alias method). */
export class CustomerPicker {
  private readonly probability: Float64Array;
  private readonly alias: Int32Array;

  constructor(private readonly customers: readonly Customer[]) {
    const n = customers.length;
    this.probability = new Float64Array(n);
    this.alias = new Int32Array(n);
    const total = customers.reduce((s, c) => s + c.weight, 0);
    const scaled = customers.map((c) => (c.weight * n) / total);
    const small: number[] = [];
    const large: number[] = [];
    scaled.forEach((p, i) => (p < 1 ? small : large).push(i));
    while (small.length > 0 && large.length > 0) {
      const s = small.pop()!;
      const l = large.pop()!;
      this.probability[s] = scaled[s]!;
      this.alias[s] = l;
      scaled[l] = scaled[l]! + scaled[s]! - 1;
      (scaled[l]! < 1 ? small : large).push(l);
    }
    for (const i of [...small, ...large]) this.probability[i] = 1;
  }

  pick(rng: Rng, day: number): Customer {
    for (let attempt = 0; attempt < 64; attempt++) {
      const slot = Math.floor(rng.next() * this.customers.length);
      const index = rng.next() < this.probability[slot]! ? slot : this.alias[slot]!;
      const customer = this.customers[index]!;
      if (customer.joinDay <= day && day <= customer.leaveDay) return customer;
    }
    return this.customers[0]!;
  }
}
