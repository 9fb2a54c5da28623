/** Amounts are integer cents everywhere in the generator; these spell them for the files. */

/** 123456 → "1234.56" (canonical CSV: dot decimal). */
export function formatCents(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  return (cents < 0 ? '-' : '') + units + (rest < 10 ? '.0' : '.') + rest;
}

/** 123456 → "1234,56" (FEC: decimal comma). */
export function formatCentsComma(cents: number): string {
  const abs = cents < 0 ? -cents : cents;
  const units = Math.floor(abs / 100);
  const rest = abs - units * 100;
  return (cents < 0 ? '-' : '') + units + (rest < 10 ? ',0' : ',') + rest;
}

/** Cents of a foreign amount in the reporting currency at `rate` (1 unit of currency in reporting currency). */
export function convertCents(cents: number, rate: number): number {
  return Math.round(cents * rate);
}

/** Rounds a positive amount of cents to a multiple of `step` cents, never below `step`. */
export function roundCents(cents: number, step = 1): number {
  return Math.max(step, Math.round(cents / step) * step);
}

/** A CSV field, quoted only when it holds a comma, quote or line break. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? '"' + text.replaceAll('"', '""') + '"' : text;
}
