// Number and date formats of the current language. Money arrives as exact decimal strings or as numbers rounded to
// cents; it is only ever formatted here, never summed as floats (see cents.ts for exact sums).
import { getLocaleTag, t, type MessageKey } from './i18n/locale.svelte.js';

const DASH = '—';

/** An amount with its currency, whole units (cents shown in tooltips and tables that ask for them). */
export function formatMoney(value: number | string | null | undefined, currency: string, digits = 0): string {
  if (value === null || value === undefined || value === '') return DASH;
  const amount = typeof value === 'string' ? Number(value) : value;
  if (!Number.isFinite(amount)) return DASH;
  return new Intl.NumberFormat(getLocaleTag(), {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(amount);
}

/** A compact amount for chart axes: 1,2 M€. */
export function formatCompactMoney(value: number, currency: string): string {
  return new Intl.NumberFormat(getLocaleTag(), {
    style: 'currency',
    currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(value);
}

/** A plain number with a fixed number of decimals (days of DSO, …). */
export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(getLocaleTag(), {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A percentage given in percent points (CEI 87.5 → « 87,5 % »). */
export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return DASH;
  return new Intl.NumberFormat(getLocaleTag(), {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value / 100);
}

/** A calendar date (YYYY-MM-DD) as the language writes it. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLocaleTag(), { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** An instant (ISO timestamp) in the browser's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return DASH;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(getLocaleTag(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

const METHODS = new Set(['transfer', 'sepa_debit', 'card', 'check', 'cash', 'other']);

/** A payment method code (core.payments.method) as words, when it is one of the canonical ones. */
export function describeMethod(method: string): string {
  return METHODS.has(method) ? t(`method.${method}` as MessageKey) : method;
}

const PROFILES = new Set(['early', 'on_time', 'slightly_late', 'late', 'chronic_late', 'disputer', 'new']);

/** A payer profile code (models/profiles.ts) as words. */
export function describeProfile(profile: string | null | undefined): string {
  if (!profile) return '—';
  return PROFILES.has(profile) ? t(`profile.${profile}` as MessageKey) : profile;
}
