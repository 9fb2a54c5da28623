import { isIsoDate } from '../../lib/dates.js';
import { EncoursError } from '../../lib/errors.js';

/** A date option (YYYY-MM-DD) or undefined; a bad one names the option and what to write instead. */
export function checkDate(value: string | undefined, option: string): string | undefined {
  if (value !== undefined && !isIsoDate(value)) {
    throw new EncoursError('bad_input', `${option} must be a real date written YYYY-MM-DD, got "${value}"`);
  }
  return value;
}

export function checkWeeks(value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const weeks = Number(value);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > max) {
    throw new EncoursError('bad_input', `--weeks must be a whole number from 1 to ${max}, got "${value}"`);
  }
  return weeks;
}

export function formatAmount(value: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function formatShare(value: number | null): string {
  return value === null ? 'n/a' : `${(value * 100).toFixed(1)} %`;
}
