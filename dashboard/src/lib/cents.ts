// Exact money arithmetic for the few figures the dashboard derives itself (overdue = the four overdue buckets):
// amounts become integer cents, so sums are exact; they go back to numbers only to be formatted.

/** Cents of an amount given with at most two decimals (a number rounded to cents, or an exact decimal string). */
export function toCents(value: number | string): bigint {
  const text = typeof value === 'number' ? value.toFixed(2) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new Error(`not an amount with at most two decimals: "${text}"`);
  const [, sign, units, fraction = ''] = match;
  const cents = BigInt(units!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign === '-' ? -cents : cents;
}

/** The exact sum of amounts, as a decimal string with two decimals. */
export function sumAmounts(values: readonly (number | string)[]): string {
  return formatCents(values.reduce<bigint>((sum, v) => sum + toCents(v), 0n));
}

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}
