// Day numbers and exact money for the plan: dates as days since 1970-01-01 (UTC), amounts as integer cents.
import { fromCents, toCents } from '../../lib/money.js';

const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → days since the epoch. */
export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

/** Days since the epoch → 'YYYY-MM-DD'. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The exact sum; null when any amount is unknown. */
export function sumCents(amounts: readonly (string | null)[]): bigint | null {
  let total = 0n;
  for (const a of amounts) {
    if (a === null) return null;
    total += toCents(a);
  }
  return total;
}

/** Integer cents as an exact decimal string with two places. */
export const formatCents = fromCents;
