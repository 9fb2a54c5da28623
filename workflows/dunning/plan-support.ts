// Day numbers and exact money for the plan: dates as days since 1970-01-01 (UTC), amounts as integer cents.
const DAY_MS = 86_400_000;

/** 'YYYY-MM-DD' → days since the epoch. */
export function dayOf(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / DAY_MS;
}

/** Days since the epoch → 'YYYY-MM-DD'. */
export function dateOf(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** An exact decimal string ("-1234.5") as integer cents. */
export function toCents(text: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal amount: "${text}"`);
  const cents = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '0').padEnd(2, '0'));
  return m[1] ? -cents : cents;
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

export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
