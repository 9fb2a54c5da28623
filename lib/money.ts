/** An exact decimal string ("-1234.5", "12") as integer cents, for comparisons without floats. */
export function toCents(text: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: "${text}"`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -cents : cents;
}

/** -1, 0 or 1 as a is below, equal to or above b. */
export function compareMoney(a: string, b: string): number {
  const d = toCents(a) - toCents(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

/** Integer cents as an exact decimal string with two places ("-12.05"). */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** Exact sum of decimal strings. */
export function sumMoney(amounts: readonly string[]): string {
  return fromCents(amounts.reduce((total, a) => total + toCents(a), 0n));
}
