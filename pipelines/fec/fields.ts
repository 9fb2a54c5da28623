/** Decoding of FEC field values: amounts with a decimal comma, dates written YYYYMMDD. */

/** Thrown by the field parsers; the file reader adds file, line and column. */
export class FieldError extends Error {}

const SPACES = /[\s\u00a0\u202f]/g;
const PLAIN = /^([+-]?)(\d{1,16})(?:,(\d{1,2}))?$/;
const GENERAL = /^([+-]?)([\d.,]*\d)([+-]?)$/;

/**
 * An amount as a decimal string with a dot and 2 decimals ('-1234.56'), or null when empty.
 * Accepts a decimal comma (or a lone dot), space or zero padding, a leading or trailing sign and thousands
 * separators ('1.234,56', '1 234,56'); refuses anything else and more than 2 significant decimals.
 */
export function parseFecAmount(text: string): string | null {
  const fast = PLAIN.exec(text);
  if (fast) return formatAmount(fast[1]!, fast[2]!, fast[3] ?? '');
  const compact = text.replace(SPACES, '');
  if (compact === '') return null;
  const match = GENERAL.exec(compact);
  if (!match || (match[1] && match[3]))
    throw new FieldError(`"${text}" is not an amount (expected e.g. 1234,56)`);
  const [integer, decimals] = splitDecimal(match[2]!, text);
  if (integer.replace(/^0+/, '').length > 16) throw new FieldError(`"${text}" is too large for an amount`);
  return formatAmount(match[1] || match[3]!, integer, decimals);
}

function splitDecimal(digits: string, text: string): [string, string] {
  const last = Math.max(digits.lastIndexOf(','), digits.lastIndexOf('.'));
  if (last < 0) return [digits, ''];
  const separator = digits[last]!;
  const integerPart = digits.slice(0, last);
  const thousands = separator === ',' ? '.' : ',';
  const groups = integerPart.split(thousands);
  const groupsOk = groups.length === 1 || groups.slice(1).every((g) => /^\d{3}$/.test(g));
  if (!groupsOk || integerPart.includes(separator) || integerPart === '') {
    throw new FieldError(`"${text}" is not an amount (expected e.g. 1234,56)`);
  }
  let decimals = digits.slice(last + 1).replace(/0+$/, '');
  if (decimals.length > 2) throw new FieldError(`"${text}" has more than 2 decimals`);
  decimals = decimals.padEnd(2, '0');
  return [groups.join(''), decimals];
}

function formatAmount(sign: string, integer: string, decimals: string): string {
  const digits = integer.replace(/^0+(?=\d)/, '');
  const cents = decimals.padEnd(2, '0');
  const negative = sign === '-' && (/[1-9]/.test(digits) || /[1-9]/.test(cents));
  return (negative ? '-' : '') + digits + '.' + cents;
}

const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const FRENCH_DATE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const dateCache = new Map<string, string>();

/** A date as YYYY-MM-DD, or null when empty. YYYYMMDD is the legal form; YYYY-MM-DD and DD/MM/YYYY are tolerated. */
export function parseFecDate(text: string): string | null {
  const cached = dateCache.get(text);
  if (cached) return cached;
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const parts = COMPACT_DATE.exec(trimmed) ?? ISO_DATE.exec(trimmed);
  const french = parts ? null : FRENCH_DATE.exec(trimmed);
  const [year, month, day] = parts
    ? [Number(parts[1]), Number(parts[2]), Number(parts[3])]
    : french
      ? [Number(french[3]), Number(french[2]), Number(french[1])]
      : [NaN, NaN, NaN];
  if (Number.isNaN(year)) throw new FieldError(`"${text}" is not a date (expected YYYYMMDD)`);
  if (!isRealDate(year, month, day)) throw new FieldError(`"${text}" is not a real calendar date`);
  const iso = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  if (dateCache.size < 100_000) dateCache.set(text, iso);
  return iso;
}

function isRealDate(year: number, month: number, day: number): boolean {
  if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return day <= (month === 2 && leap ? 29 : DAYS[month - 1]!);
}
