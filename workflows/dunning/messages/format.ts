import { fromCents } from '../../../lib/money.js';
import type { Language } from '../types.js';

/**
 * Formatting of the figures a reminder shows, per language, from exact decimal strings (no float on the way).
 * French groups thousands with a no-break space U+00A0 (`1 234,56 €`), not Intl's U+202F, which pdfkit's built-in
 * Helvetica (WinAnsi) cannot draw; English writes `€1,234.56`.
 */
const SYMBOLS: Record<string, string> = { EUR: '€', USD: '$', GBP: '£', JPY: '¥', CHF: 'CHF' };
const NBSP = '\u00a0';

export function formatMoney(amount: string, currency: string, language: Language): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) throw new Error(`formatMoney: "${amount}" is not a decimal amount such as 1234.56`);
  const [, sign, whole, fraction = ''] = match;
  const cents = (fraction + '00').slice(0, 2);
  const code = currency.toUpperCase();
  const symbol = SYMBOLS[code] ?? code;
  const prefixed = symbol.length === 1;
  if (language === 'fr') return `${sign}${groupThousands(whole!, NBSP)},${cents}${NBSP}${symbol}`;
  return prefixed
    ? `${sign}${symbol}${groupThousands(whole!, ',')}.${cents}`
    : `${sign}${groupThousands(whole!, ',')}.${cents} ${symbol}`;
}

function groupThousands(digits: string, separator: string): string {
  const trimmed = digits.replace(/^0+(?=\d)/, '');
  return trimmed.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-03-15` → `15/03/2026` (fr) or `15 Mar 2026` (en). */
export function formatDate(isoDate: string, language: Language): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!match) throw new Error(`formatDate: "${isoDate}" is not a date such as 2026-03-15`);
  const [, year, month, day] = match;
  if (language === 'fr') return `${day}/${month}/${year}`;
  return `${day} ${MONTHS_EN[Number(month) - 1]} ${year}`;
}

/** A percentage from an exact decimal string: `12.15` → `12,15 %` (fr) or `12.15%` (en). */
export function formatPercent(rate: string, language: Language): string {
  if (!/^\d+(\.\d+)?$/.test(rate))
    throw new Error(`formatPercent: "${rate}" is not a percentage such as 12.15`);
  return language === 'fr' ? `${rate.replace('.', ',')}${NBSP}%` : `${rate}%`;
}

/** Sum of exact decimal strings with two decimals (integer cents). */
export function sumAmounts(amounts: readonly string[]): string {
  let cents = 0n;
  for (const amount of amounts) cents += toCents(amount);
  return fromCents(cents);
}

export function multiplyAmount(amount: string, factor: number): string {
  return fromCents(toCents(amount) * BigInt(factor));
}

/** Stricter than lib/money's toCents: an amount of a reminder never has more than two decimals. */
function toCents(amount: string): bigint {
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!match) throw new Error(`"${amount}" is not an amount with at most two decimals`);
  const cents = BigInt(match[2]!) * 100n + BigInt(((match[3] ?? '') + '00').slice(0, 2));
  return match[1] ? -cents : cents;
}

/** Adds two percentages given as exact decimal strings (the ECB rate + 10 points). */
export function addRates(a: string, b: string): string {
  const scale = (x: string) => {
    const [w, f = ''] = x.split('.');
    return BigInt(w! + (f + '0000').slice(0, 4));
  };
  const total = scale(a) + scale(b);
  const whole = total / 10000n;
  const fraction = String(total % 10000n)
    .padStart(4, '0')
    .replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : `${whole}`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}
