import type { Column } from '../warehouse/features/session.js';

/**
 * The customer-history baseline: an invoice's score is its customer's share of late invoices among those settled
 * before the scoring date (raw_hist_late / raw_hist_n from the features), or the prior rate when there are none.
 */
export function scoreCustomerHistory(
  columns: Record<string, Column>,
  rows: ArrayLike<number>,
  prior: number,
): Float64Array {
  const n = columns.raw_hist_n!;
  const late = columns.raw_hist_late!;
  return Float64Array.from(Array.from(rows), (i) => {
    const count = Number(n[i] ?? 0);
    return count > 0 ? Number(late[i] ?? 0) / count : prior;
  });
}

export function scorePrior(rows: number, prior: number): Float64Array {
  return new Float64Array(rows).fill(prior);
}
