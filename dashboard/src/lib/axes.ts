// Axis labels in the current language (Plot's defaults are English): dates as « 3 mai », « juil. 2025 », numbers
// with the language's separators.
import { getLocaleTag } from './i18n/locale.svelte.js';

/** A tick format for a time axis spanning `days` days: day and month for short spans, month (and year) for long ones. */
export function timeTickFormat(days: number): (date: Date, index: number) => string {
  const locale = getLocaleTag();
  const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const month = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(locale, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  return (date, index) => {
    if (days <= 120) return dayMonth.format(date);
    return index === 0 || date.getUTCMonth() === 0 ? monthYear.format(date) : month.format(date);
  };
}

/** The span in days of a list of dates (0 when fewer than two). */
export function spanDays(dates: readonly Date[]): number {
  if (dates.length < 2) return 0;
  const times = dates.map((d) => d.getTime());
  return (Math.max(...times) - Math.min(...times)) / 86_400_000;
}

/** Plain numbers on an axis, compact when large (« 12 k »). */
export function numberTickFormat(value: number): string {
  return new Intl.NumberFormat(getLocaleTag(), {
    notation: Math.abs(value) >= 10_000 ? 'compact' : 'standard',
    maximumFractionDigits: 1,
  }).format(value);
}
